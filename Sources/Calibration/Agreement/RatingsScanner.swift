import Dispatch

/// Reads a ratings table straight from CSV bytes into `RatingsCounts`, without a String per cell or a row of
/// Strings: the fast path of `qa agreement` for the usual table (plain numbers, nothing quoted).
///
/// Fed the file chunk by chunk, it holds only the counts, the unit ids (to find one given twice) and the row being
/// read, so memory stays linear in the ratings and small. It takes only what it can read exactly as
/// `RatingsTable.parse` reads it: a header of plain rater names, then rows of a unit id and one cell per rater,
/// each blank or a plain decimal number (`4`, `-2`, `2.75`). Anything else — a quote, a label, a space around a
/// cell, an exponent, a row of the wrong width, a blank or repeated unit id, an empty file — makes it give up
/// (`consume` returns false), and the caller reads the file the general way, which reports every problem with its
/// line. So both ways give the same report for any file the scanner takes.
public final class RatingsScanner {
    /// The longest row kept across two chunks before giving up (the general reader reports a longer one).
    public static let maxRowBytes = 16 << 20

    /// All the scanner's state, in a struct so that the per-row work touches no class property (each access to
    /// one is checked for exclusivity at run time); it is taken out for each chunk and put back.
    private var state: ScanState?
    private let smallCodes: UnsafeMutablePointer<Int32>

    /// The rater names, once the header is read.
    public var raterNames: [String]? { state?.raterNames }
    /// Data rows read so far (units, including units nobody rated).
    public var unitCount: Int { state?.rowCount ?? 0 }

    /// - Parameters:
    ///   - gather: what to gather besides the per-unit counts.
    ///   - maxCategories: more distinct ratings than this make the scanner give up (the general reader refuses
    ///     the table with its message).
    public init(gather: RatingsCounts.Gather, maxCategories: Int) {
        smallCodes = .allocate(capacity: 1024)
        smallCodes.initialize(repeating: -1, count: 1024)
        state = ScanState(gather: gather, maxCategories: maxCategories, smallCodes: smallCodes)
    }

    deinit {
        state?.rowCodes.deallocate()
        smallCodes.deallocate()
    }

    /// Reads the next bytes of the file. Returns false when the table is not one the scanner takes: read it the
    /// general way instead.
    public func consume(_ chunk: UnsafeBufferPointer<UInt8>) -> Bool {
        guard var scan = state else { return false }
        state = nil
        let ok = scan.consume(chunk)
        state = scan
        return ok
    }

    /// The counts of the whole file, or nil when the scanner gave up (or there was no header).
    public func finish() -> RatingsCounts? {
        guard var scan = state else { return nil }
        state = nil
        let counts = scan.finish()
        state = scan
        return counts
    }
}

extension RatingsScanner {
    /// `-`? digits (`.` digits)?, as `Double(_:)` reads it; nil for anything else (see `ScanState.number`).
    static func number(_ bytes: UnsafePointer<UInt8>, count: Int) -> Double? { ScanState.number(bytes, count: count) }
}

/// The state and the work of `RatingsScanner`.
private struct ScanState {
    private let gather: RatingsCounts.Gather
    private let maxCategories: Int
    /// The accumulator, fed batches of rows on its own thread while the next chunk is parsed.
    private let accumulator: Accumulator
    /// Rows of codes parsed and not yet handed over, `raters` codes a row.
    private var pending: [Int32] = []
    /// Data rows read so far.
    private(set) var rowCount = 0
    /// The rater names, once the header is read.
    var raterNames: [String]?
    private var raters = 0
    private var carry: [UInt8] = []
    private var started = false
    private var skipLF = false
    private var failed = false
    /// The codes of the row being read (`raters` of them).
    var rowCodes = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
    /// Code of each whole number 0..<1024 seen (-1 not yet seen); other numbers through `otherCodes`.
    /// (A raw buffer owned by the scanner, read for nearly every cell.)
    private let smallCodes: UnsafeMutablePointer<Int32>
    private var otherCodes: [Double: Int32] = [:]
    /// The number of each code, in first-seen order.
    private var values: [Double] = []
    private var ids = UnitIDSet()

    init(gather: RatingsCounts.Gather, maxCategories: Int, smallCodes: UnsafeMutablePointer<Int32>) {
        self.gather = gather
        self.maxCategories = maxCategories
        self.smallCodes = smallCodes
        accumulator = Accumulator(RatingsCountsBuilder(raterCount: 0, gather: gather))
    }

    /// Reads the next bytes of the file. Returns false when the table is not one the scanner takes: read it the
    /// general way instead.
    mutating func consume(_ chunk: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !failed else { return false }
        if !started {
            // The first bytes: skip a UTF-8 byte order mark once three bytes are in.
            carry.append(contentsOf: chunk)
            guard carry.count >= 3 else { return true }
            started = true
            let bom = carry[0] == 0xEF && carry[1] == 0xBB && carry[2] == 0xBF
            let first = Array(carry[(bom ? 3 : 0)...])
            carry.removeAll()
            let ok = first.withUnsafeBufferPointer { feed($0) }
            handOver()
            return ok
        }
        let ok = feed(chunk)
        handOver()
        return ok
    }

    /// Hands the rows parsed so far to the accumulator's thread (they are added in order).
    private mutating func handOver() {
        guard !failed, !pending.isEmpty else { return }
        accumulator.add(Batch(codes: pending, raters: raters, values: values))
        // A buffer the accumulator is done with, so each batch does not fault in fresh memory.
        pending = accumulator.spare()
        pending.removeAll(keepingCapacity: true)
    }

    /// The counts of the whole file, or nil when the scanner gave up (or there was no header).
    mutating func finish() -> RatingsCounts? {
        guard !failed else { return nil }
        if !started {
            started = true
            if carry.count >= 3, carry[0] == 0xEF, carry[1] == 0xBB, carry[2] == 0xBF { carry.removeFirst(3) }
        }
        if !carry.isEmpty {
            // The last row, without a line end.
            carry.append(Self.lf)
            let last = carry
            carry.removeAll()
            let ok = last.withUnsafeBufferPointer { rows($0, upTo: $0.count) }
            guard ok else { failed = true; return nil }
        }
        handOver()
        var builder = accumulator.finish()
        guard let names = raterNames else { return nil }
        let order = values.indices.sorted { values[$0] < values[$1] }
        var rank = [Int32](repeating: 0, count: values.count)
        for (position, old) in order.enumerated() { rank[old] = Int32(position) }
        return builder.finish(raterNames: names, categories: order.map { values[$0] }, labels: nil, rank: rank)
    }

    private static let lf: UInt8 = 0x0A
    private static let cr: UInt8 = 0x0D
    private static let comma: UInt8 = 0x2C
    private static let quote: UInt8 = 0x22

    private mutating func fail() -> Bool {
        failed = true
        carry = []
        return false
    }

    /// Reads every complete row of `carry + chunk`, keeping the incomplete tail for the next chunk.
    private mutating func feed(_ chunk: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = chunk.count
        guard n > 0, let base = chunk.baseAddress else { return true }
        var p = 0
        if skipLF {
            skipLF = false
            if base[0] == Self.lf { p = 1 }
        }
        if !carry.isEmpty {
            // The row begun in the last chunk ends at the first line end of this one.
            var t = p
            while t < n, base[t] != Self.lf, base[t] != Self.cr { t += 1 }
            guard t < n else {
                carry.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[p..<n]))
                return carry.count <= RatingsScanner.maxRowBytes || fail()
            }
            carry.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[p...t]))
            let row = carry
            carry.removeAll(keepingCapacity: true)
            guard row.withUnsafeBufferPointer({ rows($0, upTo: $0.count) }) else { return fail() }
            p = t + 1
            if base[t] == Self.cr {
                if p < n { if base[p] == Self.lf { p += 1 } } else { skipLF = true }
            }
        }
        guard p < n else { return true }
        // The complete rows end at the last line end of the chunk.
        var last = n - 1
        while last >= p, base[last] != Self.lf, base[last] != Self.cr { last -= 1 }
        if last >= p {
            guard rows(UnsafeBufferPointer(rebasing: chunk[p...last]), upTo: last - p + 1) else { return fail() }
            // A CR that ends the chunk may be the first half of a CRLF split between chunks; one followed by more
            // bytes here is a line end of its own (found by fuzzing: a row after a lone CR lost its line end).
            if base[last] == Self.cr, last == n - 1 { skipLF = true }
            p = last + 1
        }
        if p < n {
            carry.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[p..<n]))
            if carry.count > RatingsScanner.maxRowBytes { return fail() }
        }
        return true
    }

    /// Reads the rows of `buffer[0..<end]`, which ends with a line end. A CR ending a row swallows the LF after it.
    private mutating func rows(_ buffer: UnsafeBufferPointer<UInt8>, upTo end: Int) -> Bool {
        guard let buf = buffer.baseAddress else { return true }
        let lf = Self.lf, cr = Self.cr, comma = Self.comma
        var p = 0
        while p < end {
            let first = buf[p]
            if first == lf || first == cr {
                // An empty line (or the LF of a CRLF split from its row).
                p += 1
                continue
            }
            if raterNames == nil {
                guard let next = header(buf, from: p) else { return false }
                p = next
            } else {
                // The unit id.
                let idStart = p
                var plain = true
                while true {
                    let c = buf[p]
                    if c == comma || c == lf || c == cr { break }
                    if c < 0x20 || c > 0x7E || c == Self.quote { plain = false }
                    p += 1
                }
                let idEnd = p
                guard buf[p] == comma else { return false }
                p += 1
                if idStart == idEnd {
                    // A row of nothing but commas is a blank line to the general reader; anything else is a problem.
                    while buf[p] == comma { p += 1 }
                    guard buf[p] == lf || buf[p] == cr else { return false }
                } else {
                    guard plain, buf[idStart] != 0x20, buf[idEnd - 1] != 0x20 else { return false }
                    guard ids.insert(UnsafeBufferPointer(start: buf + idStart, count: idEnd - idStart)) else { return false }
                    guard let next = cells(buf, from: p) else { return false }
                    p = next
                }
            }
            // The line end: CR, LF or CRLF.
            let c = buf[p]
            p += 1
            if c == cr, p < end, buf[p] == lf { p += 1 }
        }
        return true
    }

    /// The header row from `p`; returns the position of its line end.
    private mutating func header(_ buf: UnsafePointer<UInt8>, from start: Int) -> Int? {
        var fields: [String] = []
        var p = start, fieldStart = start
        while true {
            let c = buf[p]
            if c == Self.quote { return nil }
            if c == Self.comma || c == Self.lf || c == Self.cr {
                guard let text = String(validating: UnsafeBufferPointer(start: buf + fieldStart, count: p - fieldStart),
                                        as: UTF8.self) else { return nil }
                fields.append(text)
                if c != Self.comma { break }
                fieldStart = p + 1
            }
            p += 1
        }
        let (names, problems) = RatingsTable.raterNames(header: fields, line: 1)
        guard problems.isEmpty else { return nil }
        raterNames = names
        raters = names.count
        rowCodes.deallocate()
        rowCodes = .allocate(capacity: max(1, raters))
        accumulator.start(RatingsCountsBuilder(raterCount: raters, gather: gather))
        return p
    }

    /// The cells of one unit from `p` (after the id's comma) into the builder; returns the position of the line end.
    private mutating func cells(_ buf: UnsafePointer<UInt8>, from start: Int) -> Int? {
        let lf = Self.lf, cr = Self.cr, comma = Self.comma
        var p = start
        let raters = self.raters
        let codes = rowCodes
        let smallCodes = self.smallCodes
        do {
            for r in 0..<raters {
                let c = buf[p]
                var code: Int32 = -1
                if c &- 0x30 < 10, buf[p + 1] == comma || buf[p + 1] == lf || buf[p + 1] == cr {
                    // The usual cell: one digit.
                    code = smallCodes[Int(c &- 0x30)]
                    if code < 0 { code = newCode(Double(c &- 0x30)) }
                    p += 1
                } else if c != comma && c != lf && c != cr {
                    let cellStart = p
                    while buf[p] != comma && buf[p] != lf && buf[p] != cr { p += 1 }
                    guard let x = Self.number(buf + cellStart, count: p - cellStart) else { return nil }
                    code = self.code(x)
                }
                if code == Int32.min { return nil }
                codes[r] = code
                // The separator: a comma between cells, the line end after the last.
                let s = buf[p]
                if r < raters - 1 {
                    guard s == comma else { return nil }
                    p += 1
                } else {
                    guard s == lf || s == cr else { return nil }
                }
            }
        }
        pending.append(contentsOf: UnsafeBufferPointer(start: codes, count: raters))
        rowCount += 1
        return p
    }

    /// The code of number `x` (Int32.min when there are too many different numbers).
    private mutating func code(_ x: Double) -> Int32 {
        if x >= 0, x < 1024, x == x.rounded(.towardZero) {
            let i = Int(x)
            return smallCodes[i] >= 0 ? smallCodes[i] : newCode(x)
        }
        return otherCodes[x] ?? newCode(x)
    }

    private mutating func newCode(_ x: Double) -> Int32 {
        guard values.count < maxCategories else { return Int32.min }
        let code = Int32(values.count)
        values.append(x)
        if x >= 0, x < 1024, x == x.rounded(.towardZero) { smallCodes[Int(x)] = code } else { otherCodes[x] = code }
        return code
    }

    /// `-`? digits (`.` digits)?, as `Double(_:)` reads it (the same value: an integer of at most 2⁵³ divided by
    /// an exact power of ten is correctly rounded); nil for anything else, or for more digits than that.
    static func number(_ bytes: UnsafePointer<UInt8>, count: Int) -> Double? {
        var i = 0
        var negative = false
        if count > 0, bytes[0] == 0x2D { negative = true; i = 1 }
        var mantissa: UInt64 = 0
        var whole = 0, fraction = 0
        while i < count, bytes[i] &- 0x30 < 10 {
            mantissa = mantissa &* 10 &+ UInt64(bytes[i] &- 0x30)
            if mantissa > 1 << 53 { return nil }
            whole += 1
            i += 1
        }
        guard whole > 0 else { return nil }
        if i < count, bytes[i] == 0x2E {
            i += 1
            while i < count, bytes[i] &- 0x30 < 10 {
                mantissa = mantissa &* 10 &+ UInt64(bytes[i] &- 0x30)
                if mantissa > 1 << 53 { return nil }
                fraction += 1
                i += 1
            }
            guard fraction > 0, fraction <= 22 else { return nil }
        }
        guard i == count else { return nil }
        var x = Double(mantissa)
        if fraction > 0 { x /= powersOfTen[fraction] }
        if negative { x = -x }
        return x == 0 ? 0 : x  // -0 and 0 are one rating
    }

    private static let powersOfTen: [Double] = (0...22).map { k in
        var x = 1.0
        for _ in 0..<k { x *= 10 }
        return x
    }
}

/// Rows of category codes on their way from the parser to the accumulator, with the numbers of the codes so far.
private struct Batch: Sendable {
    let codes: [Int32]
    let raters: Int
    let values: [Double]
}

/// The `RatingsCountsBuilder` of a scan, fed on a serial queue of its own: parsing the next chunk and adding the
/// rows of the last one run at once on two cores, and the rows are added in file order, one batch after the
/// other, so the counts are the ones a single thread gives. At most a few batches wait (a semaphore), so memory
/// stays bounded.
private final class Accumulator: @unchecked Sendable {
    // @unchecked: `builder` is touched only on `queue` (add, start) or after draining it (finish).
    private var builder: RatingsCountsBuilder
    private let queue = DispatchQueue(label: "qa.agreement.accumulator")
    private let room = DispatchSemaphore(value: 3)
    /// Code buffers of batches already added, for the parser to fill again (guarded by `spareLock`).
    private var spares: [[Int32]] = []
    private let spareLock = DispatchQueue(label: "qa.agreement.spares")

    init(_ builder: RatingsCountsBuilder) { self.builder = builder }

    func start(_ builder: RatingsCountsBuilder) {
        queue.sync { self.builder = builder }
    }

    func add(_ batch: Batch) {
        room.wait()
        queue.async {
            batch.codes.withUnsafeBufferPointer { codes in
                guard let base = codes.baseAddress, batch.raters > 0 else { return }
                var row = 0
                while row * batch.raters < codes.count {
                    self.builder.addRow(base + row * batch.raters, values: batch.values)
                    row += 1
                }
            }
            let codes = batch.codes
            self.spareLock.sync { self.spares.append(codes) }
            self.room.signal()
        }
    }

    /// A buffer of an added batch (empty when none is free yet).
    func spare() -> [Int32] {
        spareLock.sync { spares.popLast() ?? [] }
    }

    /// The builder, once every batch handed over has been added.
    func finish() -> RatingsCountsBuilder {
        queue.sync {
            let done = builder
            builder = RatingsCountsBuilder(raterCount: 0, gather: .init(raters: false, icc: false))
            return done
        }
    }
}

/// The unit ids seen, as bytes in one arena, so a repeated id is found without a String per row. While the ids
/// come in increasing byte order (as exports sorted by call id do), comparing each with the one before is
/// enough; from the first id out of order on, an open-addressing table of their positions is used.
struct UnitIDSet {
    private var arena: [UInt8] = []
    private var starts: [Int] = [0]
    private var ascending = true
    /// Per slot: the id's index + 1 in the low 32 bits (0 empty), the top of its hash in the high 32 bits, so a
    /// probe rarely has to look at the arena. Empty while the ids are ascending.
    private var slots: [UInt64] = []

    private var count: Int { starts.count - 1 }

    /// Adds `id`; false when it was already there.
    mutating func insert(_ id: UnsafeBufferPointer<UInt8>) -> Bool {
        if ascending {
            let inOrder = count == 0 || arena.withUnsafeBufferPointer { a in
                UnsafeBufferPointer(rebasing: a[starts[count - 1]...]).lexicographicallyPrecedes(id)
            }
            if inOrder {
                arena.append(contentsOf: id)
                starts.append(arena.count)
                return true
            }
            // Out of order: index every id so far, then go on by hash.
            ascending = false
            slots = [UInt64](repeating: 0, count: max(1 << 12, (count * 2).nextPowerOfTwo))
            for e in 0..<count { place(e) }
        }
        let h = Self.hash(id)
        let tag = h & 0xFFFF_FFFF_0000_0000
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: h) & mask
        while slots[i] != 0 {
            if slots[i] & 0xFFFF_FFFF_0000_0000 == tag {
                let e = Int(slots[i] & 0xFFFF_FFFF) - 1
                let start = starts[e]
                if starts[e + 1] - start == id.count,
                   arena.withUnsafeBufferPointer({ a in (0..<id.count).allSatisfy { a[start + $0] == id[$0] } }) {
                    return false
                }
            }
            i = (i + 1) & mask
        }
        arena.append(contentsOf: id)
        starts.append(arena.count)
        if (count + 1) * 2 > slots.count {
            slots = [UInt64](repeating: 0, count: slots.count * 2)
            for e in 0..<count { place(e) }
        } else {
            slots[i] = tag | UInt64(count)
        }
        return true
    }

    /// Puts id `e` (already in the arena) into the table.
    private mutating func place(_ e: Int) {
        let h = arena.withUnsafeBufferPointer { Self.hash(UnsafeBufferPointer(rebasing: $0[starts[e]..<starts[e + 1]])) }
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: h) & mask
        while slots[i] != 0 { i = (i + 1) & mask }
        slots[i] = (h & 0xFFFF_FFFF_0000_0000) | UInt64(e + 1)
    }

    /// Swift's `Hasher`, seeded afresh in every process, so ids made to collide cannot turn the table's probing
    /// quadratic.
    private static func hash(_ id: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hasher = Hasher()
        hasher.combine(bytes: UnsafeRawBufferPointer(id))
        return UInt64(UInt(bitPattern: hasher.finalize()))
    }
}

private extension Int {
    /// The smallest power of two at least `self` (self ≥ 1).
    var nextPowerOfTwo: Int { self <= 1 ? 1 : 1 << (Int.bitWidth - (self - 1).leadingZeroBitCount) }
}
