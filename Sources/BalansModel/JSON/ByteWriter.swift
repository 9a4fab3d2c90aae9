/// A growable byte buffer that large outputs are written into (decision 0028): bytes, integers and
/// numbers go in without a `String` in between, which is where most of the time of writing a
/// 100 000-segment report went. Not thread-safe: one writer per output.
public final class ByteWriter {
    // Unchecked: a class's stored properties are otherwise checked for exclusive access at run
    // time on every byte written (a tenth of a large report's instructions); a writer is used
    // from one place at a time by construction.
    @exclusivity(unchecked) public private(set) var base: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) public private(set) var count = 0
    @exclusivity(unchecked) private var capacity: Int

    public init(capacity: Int = 1 << 16) {
        self.capacity = max(64, capacity)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// The bytes written so far.
    public var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    public func removeAll() { count = 0 }

    /// Makes room for `n` more bytes.
    @inline(__always)
    public func reserve(_ n: Int) {
        if count + n > capacity { grow(count + n) }
    }

    /// Counts `n` bytes that the caller wrote at `base + count` after `reserve(n)`.
    @inline(__always)
    public func advance(_ n: Int) {
        precondition(n >= 0 && count + n <= capacity, "ByteWriter.advance past the reserved bytes")
        count += n
    }

    /// Forgets the bytes from `offset` on (a line trimmed of trailing spaces).
    public func truncate(to offset: Int) {
        precondition(offset >= 0 && offset <= count)
        count = offset
    }

    private func grow(_ needed: Int) {
        var c = capacity
        while c < needed { c *= 2 }
        let b = UnsafeMutablePointer<UInt8>.allocate(capacity: c)
        b.update(from: base, count: count)
        base.deallocate()
        base = b
        capacity = c
    }

    @inline(__always)
    public func byte(_ b: UInt8) {
        reserve(1)
        base[count] = b
        count += 1
    }

    public func write(_ p: UnsafeRawBufferPointer) {
        guard let src = p.baseAddress, p.count > 0 else { return }
        reserve(p.count)
        UnsafeMutableRawPointer(base + count).copyMemory(from: src, byteCount: p.count)
        count += p.count
    }

    public func write(_ p: UnsafeBufferPointer<UInt8>) {
        write(UnsafeRawBufferPointer(p))
    }

    @inline(__always)
    public func write(_ s: StaticString) {
        write(UnsafeRawBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    /// The UTF-8 of a string (literals go to `write(StaticString)`).
    public func string(_ s: String) {
        var s = s
        s.withUTF8 { write(UnsafeRawBufferPointer($0)) }
    }

    /// `n` spaces.
    public func spaces(_ n: Int) {
        guard n > 0 else { return }
        reserve(n)
        (base + count).initialize(repeating: 0x20, count: n)
        count += n
    }

    /// The decimal digits of `n`.
    public func int(_ n: Int) {
        reserve(20)
        count += NumberFormat.write(n, into: base + count)
    }

    /// `JSONWriter.format(x)`: the shortest text that reads back as `x`.
    public func number(_ x: Double) {
        reserve(32)
        count += NumberFormat.write(x, into: base + count)
    }

    /// `s` as a JSON string literal (`JSONWriter.appendQuoted`).
    public func quoted(_ s: String) {
        var s = s
        let plain = s.withUTF8 { bytes -> Bool in
            guard JSONWriter.needsNoEscape(bytes) else { return false }
            reserve(bytes.count + 2)
            base[count] = 0x22
            count += 1
            write(UnsafeRawBufferPointer(bytes))
            base[count] = 0x22
            count += 1
            return true
        }
        if !plain {
            var out = ""
            JSONWriter.appendQuoted(s, to: &out)
            string(out)
        }
    }
}
