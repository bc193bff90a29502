// Package header reads the top-level header of a message: who sent it and
// how that was authenticated (ReadIdentity, docs/behaviour.md, sender identity), and what else
// the header says (ReadMeta). Its rules, and the tests that pin them:
//
//   - The sender is the single mailbox of the single From field, in its
//     ASCII (IDNA) form; Reply-To, Resent-From and display names are never
//     read, and a Sender that differs is a problem: TestReadIdentity.
//   - Only the topmost Authentication-Results header is read, and only when
//     its authserv-id is the trusted one; a lower one claiming that id is a
//     forgery (RFC 8601 section 5); comments and quoting are normalised
//     before authres reads it: TestReadIdentity, TestAuthResultsNormalise.
//   - The sender is proven only by dmarc=pass for the From domain or an
//     aligned dkim=pass (orgdomain.Aligned), and never when a field RFC
//     5322 allows once appears twice: TestReadIdentity, FuzzReadIdentity,
//     TestIdentityCorpusDetails (in parser).
//   - Comments, quoted strings and groups are lexed by RFC 5322 section
//     3.2: TestHeaderLexer; dates are read as net/mail reads them:
//     TestParseDateAsNetMail; Message-ID, Subject, dates, recipients and
//     the auto-generated marker (RFC 3834): TestReadMetaMessageID,
//     TestReadMetaSubject, TestReadMetaDates, TestReadMetaRecipients,
//     TestReadMetaAuto (in parser).
package header
