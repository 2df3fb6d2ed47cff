import Testing

@testable import AssetMapMatch

@Suite("Similarity")
struct SimilarityTests {
    @Test func jaroWinklerKnownValues() {
        #expect(Similarity.jaroWinkler("martha", "marhta") > 0.96)
        #expect(Similarity.jaroWinkler("dixon", "dicksonx") > 0.81)
        #expect(Similarity.jaroWinkler("same", "same") == 1)
        #expect(Similarity.jaroWinkler("abc", "") == 0)
        #expect(Similarity.jaroWinkler("oakley", "zebracorn") < 0.6)
    }
}
