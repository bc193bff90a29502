// Package mimetree reads the MIME structure of a raw message (RFC
// 2045-2049): the tree enmime builds, within the structural Limits, the
// decoded body parts a reader sees (FindBodies), and the doubts of a
// structure that standard readers could read differently (Doubts). Its
// rules, and the tests that pin them:
//
//   - Limits are checked while streaming, before enmime builds the tree,
//     and again on the tree: TestHostileInputs (in parser).
//   - Attachments, attached messages and reports are never body; the body
//     is the inline text/plain and text/html parts, in order:
//     TestCorpus (in parser).
//   - The fast path (ReadFast) reads a skeleton of the message with long
//     base64 runs elided (Elide) and decodes only the body parts, and
//     declines whenever the full enmime path could read otherwise:
//     TestElide, TestElideMin, TestDecodedAsEnmime; its result is the full
//     path's, Message for Message: TestFastPathMatchesFullPath,
//     TestElisionCases, TestElisionRandomMessages, FuzzFastPath (in parser).
//   - Fields and parameters given twice, a charset that does not fit its
//     bytes, inline parts intake does not read and trees two readers see
//     differently are doubts, never errors: TestMIMEDoubts (in parser),
//     TestReadPartsTopHeader.
//   - A body text part is read by allow-list (strict.go): one of RFC
//     2045's five transfer encodings (TestStrictTransferEncoding), bytes
//     valid in it (TestStrictBase64, TestStrictQuotedPrintable), a charset
//     a reader here knows (TestStrictCharsetUnknown), and no line that
//     holds a boundary without being its delimiter (TestStrictBoundaryLines,
//     all in parser). Anything else is a doubt.
package mimetree
