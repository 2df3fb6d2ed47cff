import AssetMapIngest
import Foundation

let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("assetmap-fuzz-\(getpid()).geojson").path

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    FileManager.default.createFile(atPath: scratch, contents: Data(bytes: start, count: count))
    for format in [SourceFormat.geojson, .json] {
        do {
            let reader = try SourceReaders.open(path: scratch, format: format)
            while let row = try reader.next() {
                precondition(row.fields.count == reader.columns.count, "row \(row.line): \(row.fields.count) values, \(reader.columns.count) columns")
            }
        } catch is IngestError {
        } catch {
            fatalError("untyped error: \(error)")
        }
    }
    do { _ = try GeoJSONFile.features(path: scratch) } catch is IngestError {} catch { fatalError("untyped error: \(error)") }
    return 0
}

// SwiftPM links an executable through "<module>_main"; with -parse-as-library there is none, so hand over to libFuzzer.
@_silgen_name("LLVMFuzzerRunDriver")
func runDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> CInt

@_cdecl("FuzzJSON_main")
public func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runDriver(&count, &arguments, { fuzz($0, $1) })
}
