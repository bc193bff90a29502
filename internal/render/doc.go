// Package render reads an HTML document the way a person reads it: it
// lays the document out in a real browser (Debian's headless chromium,
// with no network and no script), takes a screenshot, and reads the
// screenshot back with Debian's tesseract OCR.
//
// It is the judge of intake's HTML tests: what the OCR text holds is what
// a reader sees, whatever intake's own idea of visible text says.
// Generated content, white-on-white text, covered and clipped lines all
// show up (or fail to) here exactly as on a screen.
//
// The rules:
//   - one browser per Renderer, with a fresh profile in a temporary
//     directory and a small pool of tabs reused between documents;
//   - JavaScript is disabled in every tab (Emulation.setScriptExecutionDisabled);
//   - the network is closed three ways: the host resolver maps every name
//     to nothing, a proxy that does not exist carries every request, and
//     every tab blocks http, https, ws and wss URLs
//     (Network.setBlockedURLs); documents are loaded with
//     Page.setDocumentContent, never from a URL;
//   - the viewport is a fixed width and the screenshot the full height of
//     the laid-out document, at a device scale that OCR reads well;
//   - [ContainsSentence] says whether OCR text shows a sentence as
//     written, allowing for OCR noise but not for words added inside it.
package render
