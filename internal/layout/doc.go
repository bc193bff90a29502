// Package layout holds no code: its test checks the repository's
// layering, the picture in the README's layout section, by allow-list.
// Every package of the module must be listed with the packages of ours it
// may import; a new package, or a new import that points outward, fails
// the test until the list says it may.
package layout
