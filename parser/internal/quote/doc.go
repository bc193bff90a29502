// Package quote finds the new text of a plain-text body, the text the
// sender wrote (docs/phrasings.md): Plain normalises it, removes quoted
// replies, forwarded messages and signatures, and joins wrapped lines.
// The visible text of an HTML body goes through the same pipeline (Read).
// Its rules, and the tests that pin them:
//
//   - Text is NFKC-normalised, every space made one ' ', and a line over
//     Limits.MaxLineBytes is a limit error, never cut: TestPlainNormalise,
//     TestPlainLineLimit, TestPlainLineLimitDefault.
//   - Hard-wrapped lines are joined; form fields and list items keep their
//     lines: TestPlainUnwrap.
//   - ">" quotes, attributions, Outlook header blocks in any language and
//     forwards are removed, with all that follows them: TestQuoteReplies,
//     TestQuoteLocalized, TestQuoteOutlook, TestQuoteOutlookAnyLanguage,
//     TestQuoteForwards; a request form is never taken for a quoted header:
//     TestQuoteGenericHeaderKept. What is removed is kept, line by line,
//     in Body.Quoted for staff to read, never for requests:
//     TestQuotedKeepsWhatWasCut.
//   - What follows "-- " or a mobile footer is the trailer, never read for
//     requests: TestQuoteSignatures, TestQuoteTrailer.
//   - In a reply (IsReply: TestIsReply) the new text ends at the first line
//     that may introduce another message, and a boundary that is no known
//     banner is a "quote-boundary" doubt: TestReplyBannerBelow,
//     TestReplyBannerAbove, TestReplyBoundaryKeeps (in parser).
//   - In the text of an HTML body (Limits.HTML), a ">" line stands for a
//     blockquote the reader sees as a quote, with its first line; a quote
//     that no attribution introduces, above it or on that first line, is
//     a "quote-boundary" doubt, since it may hold the sender's own words:
//     TestHTMLQuoteIntroduced (in parser).
//   - The fast paths of normalisation give what the general code gives:
//     FuzzTextFastPaths.
package quote
