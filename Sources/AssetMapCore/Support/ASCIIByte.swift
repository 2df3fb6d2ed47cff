/// Character classes of one UTF-8 byte, for the ASCII fast paths: an ASCII text's letters and digits are exactly
/// A–Z, a–z and 0–9, and testing bytes skips the Character properties that cost a tenth of a million-row import.
public enum ASCIIByte {
    @inline(__always) public static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    @inline(__always) public static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }
    @inline(__always) public static func isAlphanumeric(_ byte: UInt8) -> Bool { isDigit(byte) || isLetter(byte) }
}
