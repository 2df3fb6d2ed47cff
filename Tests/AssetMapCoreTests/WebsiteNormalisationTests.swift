import Testing

@testable import AssetMapCore

@Suite("Normalise.website")
struct WebsiteNormalisationTests {
    @Test("canonical form", arguments: [
        ("www.trafford.gov.uk", "https://trafford.gov.uk"),
        ("http://traffordsouth.foodbank.org.uk/", "http://traffordsouth.foodbank.org.uk"),
        ("HTTPS://WWW.Example.org/Path/", "https://example.org/Path"),
        ("example.org/index.html", "https://example.org"),
        ("https://example.org/about/index.php", "https://example.org/about"),
        ("http://www.reds.co.uk/microsites/foundation/index.html", "http://reds.co.uk/microsites/foundation"),
        ("http://brassbolton.org/index.php/en/", "http://brassbolton.org/index.php/en"),
        ("https://example.org/a/b/#section", "https://example.org/a/b"),
        ("https://example.org#top", "https://example.org"),
        ("https://example.org/search?q=Food+Bank&page=2", "https://example.org/search?q=Food+Bank&page=2"),
        ("http://streetskitchen.co.uk/?page_id=1072", "http://streetskitchen.co.uk/?page_id=1072"),
        ("https://example.org/?", "https://example.org"),
        ("http://www.stmaryshg.org.uk/#!food-bank/cxbf", "http://stmaryshg.org.uk/#!food-bank/cxbf"),
        ("WWW.KNUTSFORDROTARYCLUB.CO.UK", "https://knutsfordrotaryclub.co.uk"),
        ("WWW.DYNAMICSUPPORTGM.ORG.", "https://dynamicsupportgm.org"),
        ("www,wastmanchester.com", "https://wastmanchester.com"),
        ("http//:www.hope-kpa.gmkin.org.uk", "http://hope-kpa.gmkin.org.uk"),
        ("https:/example.org", "https://example.org"),
        ("http:\\\\example.org\\a", "http://example.org/a"),
        ("//example.org/x", "https://example.org/x"),
        ("TheTimperleyWomens.Club", "https://thetimperleywomens.club"),
        ("tiny.cc/urmston", "https://tiny.cc/urmston"),
        ("www.facebook.com/FriendsOfUrmstonPrimary/", "https://facebook.com/FriendsOfUrmstonPrimary"),
        ("http://www.urbanoutreach.co.uk/\u{00A0}", "http://urbanoutreach.co.uk"),
        ("<https://example.org/>", "https://example.org"),
        ("https://example.org:443/x", "https://example.org/x"),
        ("http://example.org:80", "http://example.org"),
        ("https://example.org:8443/x", "https://example.org:8443/x"),
        ("http://www.coverdaleandnewbank.com\n/community-projects", "http://coverdaleandnewbank.com/community-projects"),
        ("www.org.uk", "https://org.uk"),
        ("www.com", "https://www.com"),
        ("http://192.168.1.10/app", "http://192.168.1.10/app"),
        ("httpbin.org", "https://httpbin.org"),
    ])
    func canonical(raw: String, expected: String) {
        #expect(Normalise.website(raw) == .value(expected))
    }

    @Test("the first of several addresses", arguments: [
        ("http://christchurchharpurhey.org/  http://hcconline.org.uk/theopendoor", "http://christchurchharpurhey.org"),
        ("http://fallowfieldwithington.foodbank.org.uk\u{00A0} www.healthymehealthycommunities.co.uk",
         "http://fallowfieldwithington.foodbank.org.uk"),
        ("see www.example.org for details", "https://example.org"),
    ])
    func firstOfSeveral(raw: String, expected: String) {
        #expect(Normalise.website(raw) == .value(expected))
    }

    @Test("null markers are empty", arguments: ["", "NA", "none", "not known", "Not known", "N/A"])
    func empty(raw: String) {
        #expect(Normalise.website(raw) == .empty)
    }

    @Test("not websites", arguments: [
        "quakermeetinghouseparkroad.m336wx",
        "info@example.org",
        "mailto:info@example.org",
        "ftp://files.example.org",
        "javascript:alert(1)",
        "localhost",
        "Information will be posted asap",
        "http://",
        "https://-bad-.org",
        "example",
        "https://exa mple.org",
        "https://example.org:abc",
        "👍.org",
    ])
    func invalid(raw: String) {
        guard case .invalid(let reason) = Normalise.website(raw) else {
            Issue.record("expected invalid for \(raw): \(Normalise.website(raw))")
            return
        }
        #expect(reason.hasPrefix("not a website: '"))
    }

    @Test("domain without www", arguments: [
        ("http://traffordsouth.foodbank.org.uk/", "traffordsouth.foodbank.org.uk"),
        ("www.trafford.gov.uk/residents", "trafford.gov.uk"),
        ("HTTPS://WWW.Example.org:8443/Path/", "example.org"),
        ("https://www.facebook.com/GMESScharity", "facebook.com"),
    ])
    func domain(raw: String, expected: String) {
        #expect(Normalise.websiteDomain(raw) == expected)
    }

    @Test("no domain when there is no website", arguments: ["", "NA", "not a site", "info@example.org"])
    func noDomain(raw: String) {
        #expect(Normalise.websiteDomain(raw) == nil)
    }

    @Test("canonical output is a fixed point")
    func idempotent() {
        for raw in ["www.trafford.gov.uk", "HTTPS://WWW.Example.org/Path/", "http://streetskitchen.co.uk/?page_id=1072",
                    "http://www.stmaryshg.org.uk/#!food-bank/cxbf", "example.org/index.html"] {
            guard let once = Normalise.website(raw).value else {
                Issue.record("\(raw) should be valid")
                continue
            }
            #expect(Normalise.website(once) == .value(once))
        }
    }
}
