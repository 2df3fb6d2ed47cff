import AssetMapCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
    let value = PostcodeValue.parse(text)
    // A value's formatted form reads back as the same value; a unit formats to itself.
    if let formatted = value.formatted { precondition(PostcodeValue.parse(formatted) == value, "\(value) does not read back") }
    if case .unit(let p) = value { precondition(Postcode(p.formatted) == p) }
    return 0
}

// SwiftPM links an executable through "<module>_main"; with -parse-as-library there is none, so hand over to libFuzzer.
@_silgen_name("LLVMFuzzerRunDriver")
func runDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> CInt

@_cdecl("FuzzPostcode_main")
public func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runDriver(&count, &arguments, { fuzz($0, $1) })
}
