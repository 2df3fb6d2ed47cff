import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One HTTP answer.
struct HTTPReply: Sendable {
    var status: Int
    var body: Data
    /// A socket or timeout error, when there was no answer.
    var error: String?
    var json: [String: Any]? { try? JSONSerialization.jsonObject(with: body) as? [String: Any] }
}

/// Blocking HTTP GETs for tests.
enum HTTP {
    private final class Box: @unchecked Sendable {
        var reply = HTTPReply(status: 0, body: Data(), error: "no answer")
    }

    nonisolated(unsafe) static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 120
        configuration.httpMaximumConnectionsPerHost = 16
        return URLSession(configuration: configuration)
    }()

    static func get(_ url: String, key: String? = nil) -> HTTPReply {
        var request = URLRequest(url: URL(string: url)!)
        if let key { request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization") }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        session.dataTask(with: request) { data, response, error in
            box.reply = HTTPReply(
                status: (response as? HTTPURLResponse)?.statusCode ?? 0, body: data ?? Data(), error: error.map { "\($0)" })
            done.signal()
        }.resume()
        done.wait()
        return box.reply
    }
}

/// `assetmap serve` in a child process on a free loopback port.
final class ServerProcess: @unchecked Sendable {
    let process: Process
    let port: Int
    let stderrPath: URL
    var base: String { "http://127.0.0.1:\(port)" }

    private init(process: Process, port: Int, stderrPath: URL) {
        self.process = process
        self.port = port
        self.stderrPath = stderrPath
    }

    /// A port the kernel says is free now.
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Starts the server and waits until /health answers 200.
    static func start(db: String, outputs: URL, sourceLocation: SourceLocation = #_sourceLocation) throws -> ServerProcess {
        var lastError = ""
        for _ in 0..<3 {
            let port = freePort()
            let (process, _, err) = try CLI.start(
                // The tests read as fast as they can from one address: the per-address limit would answer 429.
                ["serve", "--db", db, "--host", "127.0.0.1", "--port", String(port), "--rate-limit", "off"], env: ["ASSETMAP_LOG_LEVEL": "warning"], outputs: outputs)
            let server = ServerProcess(process: process, port: port, stderrPath: err)
            let started = Date()
            while process.isRunning && Date().timeIntervalSince(started) < 90 {
                if HTTP.get(server.base + "/health").status == 200 { return server }
                usleep(100_000)
            }
            lastError = (try? String(contentsOf: err, encoding: .utf8)) ?? ""
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
        Issue.record("assetmap serve did not answer /health: \(lastError)", sourceLocation: sourceLocation)
        throw CancellationError()
    }

    /// SIGTERM, then the exit status (waits up to `timeout` seconds, then SIGKILL and nil).
    @discardableResult
    func terminate(timeout: Double = 60) -> Int32? {
        guard process.isRunning else { return process.terminationStatus }
        kill(process.processIdentifier, SIGTERM)
        let started = Date()
        while process.isRunning && Date().timeIntervalSince(started) < timeout { usleep(20_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return nil
        }
        return process.terminationReason == .exit ? process.terminationStatus : -process.terminationStatus
    }

    var stderr: String { (try? String(contentsOf: stderrPath, encoding: .utf8)) ?? "" }
}

/// A CSV of `rows` distinct organisations at real postcodes of the seed borough, shared open.
enum BulkList {
    static func write(rows: Int, into dir: Scratch, name: String = "bulk.csv", prefix: String = "Bulk Group") throws -> String {
        let table = try String(contentsOf: SeedBorough.seeds.appendingPathComponent("postcodes.csv"), encoding: .utf8)
        let postcodes = table.split(separator: "\n").dropFirst().compactMap { $0.split(separator: ",").first.map(String.init) }
        var csv = "id,name,postcode\n"
        csv.reserveCapacity(rows * 40)
        for i in 0..<rows { csv += "B\(i),\(prefix) \(i),\(postcodes[i % postcodes.count])\n" }
        return try dir.write(name, csv)
    }

    static func importArguments(_ file: String, db: String, source: String = "bulk") -> [String] {
        ["import", file, "--source", source, "--kind", "organisation", "--key", "id", "--map", "name=name", "--map", "postcode=postcode",
         "--sharing", "open", "--json", "--db", db]
    }
}
