/**
 * The transport-level telnet codec, with no sockets: a decoder for client
 * input, the option negotiation it drives, and encoders for server output.
 *
 * ## Negotiation
 * At connect the server sends `IAC DO BINARY`, `IAC WILL BINARY` and
 * `IAC DO NAWS`. BINARY (RFC 856) in the client's sending direction is what
 * makes stock clients (netkit/inetutils `telnet` in line mode) send UTF-8
 * untouched: without it they compare each byte's low 7 bits with their
 * control keys, so the `0x9c` in `✓` went out as Ctrl-\ (`IAC BRK`) and the
 * `0x83` in `у` as Ctrl-C (`IAC IP`). Whatever the client answers is
 * accepted: `WONT BINARY`, or no answer at all (`nc`, `socat`), leaves it as
 * it was, sending lines that are decoded as before. `options.ts` has the
 * table of options and the loop-free state machine (RFC 1143).
 *
 * Echo: a client that asks the server to echo (`DO ECHO`, as character-mode
 * clients do) gets `WILL ECHO`, and the decoder echoes what is typed, rubs
 * out erased characters and ends lines with CRLF. Otherwise the client
 * echoes, and the server says `WILL ECHO` only while a password is typed
 * (`hideNextLine`), `WONT ECHO` after it. With binary output a client's
 * terminal echoes Enter as a bare LF, so the decoder answers each line with
 * a CR that brings the cursor back to the left edge.
 *
 * NAWS (RFC 1073) gives the width that command output is wrapped to; 80
 * columns until the client says, or when it says 0. An IAC in the width is
 * sent doubled and counted once.
 *
 * ## Commands
 * - `IAC IP`, `IAC BRK`, `IAC ABORT` and a Ctrl-C byte interrupt: the pending
 *   line is dropped, a secret prompt is ended, and an `interrupt` event says
 *   how many bytes were dropped and whether they ended inside a UTF-8
 *   character (the 8-bit trap), so the user is always told. The guided menu
 *   takes an interrupt as "cancel".
 * - `IAC DO TIMING-MARK` is answered `IAC WILL TIMING-MARK` in stream order.
 *   Clients send it right after an interrupt and drop output until the
 *   answer arrives, so an answer to a mark that follows an interrupt is put
 *   before that interrupt's event and its notice stays visible.
 * - `IAC AYT` gives an `are_you_there` event, answered with a line.
 * - `IAC EC` erases the last character and `IAC EL` the pending line, like
 *   Backspace/DEL; both are the user's own edits.
 * - `IAC AO` (abort output) is ignored: every chat line is short and already
 *   queued in order, and dropping queued lines would lose messages unseen.
 * - `IAC NOP`, `GA`, `DM`, `EOF`, `SUSP` and unknown commands are ignored.
 *
 * @module
 */

export {
  TelnetDecoder,
  type TelnetDecoderOptions,
  type TelnetEvent,
} from "./decoder.ts";
export { encodeLine, encodeText, escapeIac } from "./encoder.ts";
export { OPENING, TelnetOptions } from "./options.ts";
