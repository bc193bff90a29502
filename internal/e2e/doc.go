// Package e2e holds end-to-end tests of intake's decisions: real .eml
// files run through the ingest pipeline (the real parser, intake's own
// DKIM verification when on, the approvals workflow and the SQLite
// store), with the sample directory loaded. It has no code of its own.
// The tests:
//
//   - adversarial_test.go: a corpus of forged and replayed messages, each
//     with its exact reason;
//   - mutation_test.go, mutation_body_test.go: header and body variants of
//     every applied message, none of which may be applied;
//   - dkim_test.go: both of those again with auth.verify_dkim on, unsigned
//     (the same decisions) and signed for the From domain (nothing newly
//     applied unless held for the unproven sender alone);
//   - html_attack_test.go, htmlattack_gen_test.go: variants made with 118
//     techniques of the CSS and HTML specifications, none of which may be
//     applied, each judged by a real reader (headless chromium and
//     tesseract, see internal/render); html_clean_test.go: the clean
//     messages the reader must see applied as they read;
//   - container_test.go: holds in every quote, attribution and signature
//     container and flat blockquote, none of which may leave the request
//     applied, some judged by the real reader;
//   - meaning_test.go: sentences of kinds not on the courtesy allow-list,
//     in five positions, none of which may leave a request applied;
//   - structure_test.go: requests below reply banners, and MIME that reads
//     two ways, none of which may be applied;
//   - outcomes_test.go: the decision on every testdata/parser message;
//   - share_test.go: the legitimate mail that applied before the
//     fail-closed rule still applies, or is held with a reason.
package e2e
