import AssetMapIngest
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    do {
        let profile = try ImportProfile.parse(Data(bytes: start, count: count), path: "fuzz.json")
        // What parses must write back out and parse to the same profile.
        let again = try ImportProfile.parse(Data(ImportProfile(
            source: profile.source, kind: profile.kind, key: profile.key, fields: profile.fields, set: profile.set,
            nullValues: profile.nullValues, format: profile.format).json.utf8))
        precondition(again.fields == profile.fields && again.source == profile.source, "profile does not round-trip")
    } catch is IngestError {
    } catch {
        fatalError("untyped error: \(error)")
    }
    return 0
}

// SwiftPM links an executable through "<module>_main"; with -parse-as-library there is none, so hand over to libFuzzer.
@_silgen_name("LLVMFuzzerRunDriver")
func runDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> CInt

@_cdecl("FuzzProfile_main")
public func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runDriver(&count, &arguments, { fuzz($0, $1) })
}
