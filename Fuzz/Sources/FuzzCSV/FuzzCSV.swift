import AssetMapIngest
import Foundation

/// The CSV row reader reads from a path: each input goes to one scratch file, read to its end.
let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("assetmap-fuzz-csv-\(getpid()).csv").path

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    FileManager.default.createFile(atPath: scratch, contents: Data(bytes: start, count: count))
    do {
        let reader = try CSVRowReader(path: scratch)
        var last = 1
        while let row = try reader.next() {
            // Line numbers only go forward; anything else is a bug worth a crash report.
            precondition(row.line > last, "line \(row.line) after \(last)")
            last = row.line
        }
    } catch let error as IngestError {
        if case .malformed(_, nil, _) = error { fatalError("a malformed CSV must name its line: \(error)") }
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

@_cdecl("FuzzCSV_main")
public func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runDriver(&count, &arguments, { fuzz($0, $1) })
}
