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
//   - Only what the reader sees as a quote is left out: a <blockquote>
//     indented or ruled on its left, its style sheet rules weighed both
//     ways (seenAsQuote), leaving a ">" line holding its first visible
//     line, so that the text pass knows an attribution written inside it:
//     TestSeenAsQuote, TestHTMLQuoteIntroduced (in parser). A class or
//     id a client puts on quoted markup (gmail_quote, yahoo_quoted,
//     appendonsend, OutlookMessageHeader, ...) is no sign: the container
//     is read as text, and the text pass cuts at the attribution or header
//     block in it as in text/plain. A signature container is written below
//     a "--" line, so that it becomes the trailer, read for holds:
//     TestSignatureReadAsTrailer, TestHTMLQuotes (in parser),
//     TestContainerHolds and
//     TestContainerReader (in internal/e2e).
//   - The text of a blockquote left out is kept in Reading.Quoted for
//     staff, never for requests: TestHTMLQuotedText (in parser).
package visible
