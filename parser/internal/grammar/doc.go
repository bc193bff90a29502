// Package grammar reads the requests a message's new text makes, and what
// in that text may hold them (docs/phrasings.md and docs/decisions.md). Its rules, and the
// tests that pin them:
//
//   - A request is a sentence of the anchored grammar: "we" or "I" give
//     DOOR permission to add, or ask it to remove, after nothing but a
//     salutation or a neutral lead: TestRequestAdd, TestRequestRemove,
//     TestGrammarNotRequest, TestAnchoredGates; or a form block of
//     "Partner:" and "Property:" lines: TestFormRemoval,
//     TestFormRemovalSplits.
//   - Names are returned as written, with every split a phrase allows
//     ("Gateway to the West Lofts"), most likely first: TestSplitCandidates,
//     TestRequestMultiName, TestSplitTrimName, TestSplitPlaceholder.
//   - A request sentence carrying more than allow-listed courtesy is held
//     (Statement.Held): TestGrammarHeld, TestGrammarHeldElsewhere,
//     TestRequestNotHeld, TestRequestHeldEvidence.
//   - Every other sentence, the subject and the text after a sign-off must
//     be of a kind known to be harmless, or it holds the requests (Holds):
//     TestHoldsHarmless, TestHoldsHeld, TestHoldsTrailer, TestHoldsNoRequest.
//   - Plain and HTML readings with different words beyond formatting are a
//     doubt (WordDoubt): TestTextWords, TestWordDoubt.
//   - Work is capped on hostile text: TestRequestCaps,
//     TestRequestHostileInputs, TestHoldsBounded, FuzzFindRequests; the
//     verb pre-check agrees with the general code: FuzzMayRequest.
package grammar
