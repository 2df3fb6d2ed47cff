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
