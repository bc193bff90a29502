package orgdomain

import "testing"

func TestAligned(t *testing.T) {
	tests := []struct {
		name string
		a, b string
		want bool
	}{
		{"same domain", "example.com", "example.com", true},
		{"subdomain", "mail.example.com", "example.com", true},
		{"two subdomains", "a.example.co.uk", "b.example.co.uk", true},
		{"other organisation", "example.com", "example.net", false},
		{"public suffix itself", "co.uk", "example.co.uk", false},
		{"both public suffixes", "co.uk", "co.uk", false},
		{"empty", "", "example.com", false},
		{"both empty", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Aligned(tt.a, tt.b); got != tt.want {
				t.Errorf("Aligned(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
			}
		})
	}
}
