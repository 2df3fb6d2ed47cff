import Foundation
import Testing

/// `assetmap import FEED --format oruk --source NAME`: another directory's Open Referral feed as a source.
@Suite("Open Referral feeds from the command line")
struct OpenReferralCLITests {
    @Test func aFeedImportsWithFlagsAlone() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let db = scratch.path("feed.sqlite")
        let feed = try CLIPaths.requireFile(CLIPaths.fixture("oruk_feed.json"))
        try CLI.succeed(["init", "--db", db])
        let report = try CLI.succeed(["import", feed, "--format", "oruk", "--source", "other-directory", "--sharing", "open", "--db", db, "--json"])
            .jsonObject()
        #expect(report["read"] as? Int == 3 && report["added"] as? Int == 3 && report["source"] as? String == "other-directory")
        let again = try CLI.succeed(["import", feed, "--format", "oruk", "--source", "other-directory", "--db", db, "--json"]).jsonObject()
        #expect(again["unchanged"] as? Int == 3)
        let sources = try CLI.succeed(["sources", "list", "--db", db, "--json"]).json()
        #expect("\(sources)".contains("service"), "a feed's records are services unless --kind says otherwise")
        let wrong = try CLI.run(["import", feed, "--format", "yaml", "--source", "x", "--kind", "service", "--db", db])
        #expect(wrong.status != 0 && wrong.stderr.contains("oruk"), "\(wrong)")
    }
}
