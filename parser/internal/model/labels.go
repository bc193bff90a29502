package model

import "regexp"

// Labels records what was removed from a text ("quote", "forward",
// "signature", "hidden-html"): each label once, in the order first seen.
type Labels []string

// Add appends label unless it is already there.
func (ls *Labels) Add(label string) {
	for _, l := range *ls {
		if l == label {
			return
		}
	}
	*ls = append(*ls, label)
}

// ForwardWordRE tells a forward separator or container from a reply one:
// it is read by the plain-text quote scanner and by the HTML walker, which
// labels a removed blockquote "forward" when its text matches.
var ForwardWordRE = regexp.MustCompile(`(?i)forward|weitergeleitet|transféré|transfere|reenviado|inoltrato|encaminhad|doorgestuurd|пересыла|переадрес|vidarebefordra|videresend|przekazan`)
