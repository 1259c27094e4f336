/**
 * The transport-level telnet codec, with no sockets: a decoder for client
 * input and encoders for server output.
 *
 * @module
 */

export {
  TelnetDecoder,
  type TelnetDecoderOptions,
  type TelnetEvent,
} from "./decoder.ts";
export {
  encodeLine,
  encodeText,
  escapeIac,
  WILL_ECHO,
  WONT_ECHO,
} from "./encoder.ts";
