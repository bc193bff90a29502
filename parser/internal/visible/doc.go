// Package visible reads a text/html body as its reader sees it: the text
// (Read) and the doubts of the allow-list of harmless presentation
// (Verify). Its rules, and the tests that pin them:
//
//   - Text is left out wherever a reader may not see it, and the HTML is
//     never made to show more than it does: TestHTMLHidden (in parser).
//   - Each way CSS hides text is a named row of hideRules ("display-none",
//     "tiny-font", "clip", "transform", "far-off", ...), and each way the
//     paint in force hides it a row of paintRules ("low-contrast",
//     "tiny-font", "opacity", ...): TestHideRules, TestPaintRules.
//   - A doubt about hidden text names the rule that fired in its Why,
//     "hides text (rule tiny-font): font-size:1px": TestHTMLAllowRules and
//     TestHiddenTextNamesRule (in parser).
//   - Everything outside the allow-list of elements, attributes and
//     declarations is a doubt, at most MaxDoubts and one that counts the
//     rest: TestHTMLAllowRules, TestHTMLAllowBounded (in parser); no
//     client-written reply is outside it: TestHTMLAllowClients,
//     TestHTMLAllowCalibration (in parser).
//   - Markup golang.org/x/net/html cannot read has no text: an error, and
//     TestHTMLDeepNesting (in parser).
//   - CSS lengths are read as CSS writes them: TestParseLengthMatchesRegexp;
//     legacy colour attributes as HTML parses them: TestLegacyColor.
//   - The text of a quote or forward container left out is kept in
//     Reading.Quoted for staff, never for requests: TestHTMLQuotedText (in
//     parser).
package visible
