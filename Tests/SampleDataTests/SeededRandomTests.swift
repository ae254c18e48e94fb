import Testing

@testable import SampleData

@Test func splitMixMatchesTheReferenceOutput() {
    // SplitMix64 from state 0: first outputs 0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4, 0x06C45D188009454F
    // (S. Vigna, splitmix64.c, https://prng.di.unimi.it/splitmix64.c; also the values used in the test
    // suites of Java's SplittableRandom ports).
    var state: UInt64 = 0
    #expect(SeededRandom.splitMix(&state) == 0xE220_A839_7B1D_CDAF)
    #expect(SeededRandom.splitMix(&state) == 0x6E78_9E6A_A1B9_65F4)
    #expect(SeededRandom.splitMix(&state) == 0x06C4_5D18_8009_454F)
}

@Test func boundedDrawsStayInRangeAndCoverIt() {
    var rng = SeededRandom(seed: 42)
    var seen = Set<Int>()
    for _ in 0..<1000 {
        let value = rng.below(7)
        #expect((0..<7).contains(value))
        seen.insert(value)
        let u = rng.unit()
        #expect(u >= 0 && u < 1)
    }
    #expect(seen.count == 7)
    var two = SeededRandom(seed: 1, stream: 2)
    var three = SeededRandom(seed: 1, stream: 3)
    #expect(two.next() != three.next())
}
