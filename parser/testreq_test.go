package parser

// The new text of every case; the quoted text always holds a different
// request that must not survive.
const (
	newReq    = "We give DOOR permission to add Parcel Pal to The Pines."
	quotedReq = "We give DOOR permission to add Acme Deliveries to Harbor View."
)
