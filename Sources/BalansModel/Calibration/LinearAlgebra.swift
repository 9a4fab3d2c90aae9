/// The little dense linear algebra the calibration needs: symmetric matrices of at most a dozen
/// rows (one per term of the score), so plain arrays and textbook algorithms are enough and keep
/// the model free of dependencies (decision 0029).
public enum SmallMatrix {
    /// A square matrix as rows.
    public typealias Matrix = [[Double]]

    public static func zeros(_ n: Int) -> Matrix { Array(repeating: Array(repeating: 0, count: n), count: n) }

    /// The Cholesky factor L (lower, G = L Lᵀ) of the symmetric matrix `g`, or nil when `g` is not
    /// positive definite (to the tolerance `relative` × its largest diagonal entry).
    public static func cholesky(_ g: Matrix, relative: Double = 1e-12) -> Matrix? {
        let n = g.count
        var l = zeros(n)
        let scale = g.indices.map { g[$0][$0] }.max() ?? 0
        for j in 0..<n {
            var d = g[j][j]
            for k in 0..<j { d -= l[j][k] * l[j][k] }
            guard d > relative * max(scale, 1e-300), d.isFinite else { return nil }
            let ljj = d.squareRoot()
            l[j][j] = ljj
            for i in (j + 1)..<max(n, j + 1) {
                var s = g[i][j]
                for k in 0..<j { s -= l[i][k] * l[j][k] }
                l[i][j] = s / ljj
            }
        }
        return l
    }

    /// log det of a positive-definite `g`, or −∞ when it is not positive definite.
    public static func logDeterminant(_ g: Matrix) -> Double {
        guard let l = cholesky(g, relative: 0) else { return -.infinity }
        var s = 0.0
        for i in l.indices { s += 2 * _log(l[i][i]) }
        return s
    }

    /// Solves L Lᵀ x = b for the Cholesky factor `l`.
    public static func solve(cholesky l: Matrix, _ b: [Double]) -> [Double] {
        let n = b.count
        var y = b
        for i in 0..<n {
            for k in 0..<i { y[i] -= l[i][k] * y[k] }
            y[i] /= l[i][i]
        }
        var x = y
        for i in stride(from: n - 1, through: 0, by: -1) {
            for k in (i + 1)..<max(n, i + 1) { x[i] -= l[k][i] * x[k] }
            x[i] /= l[i][i]
        }
        return x
    }

    /// The rows and columns `indices` of `g`.
    public static func sub(_ g: Matrix, _ indices: [Int]) -> Matrix {
        indices.map { i in indices.map { g[i][$0] } }
    }

    /// The eigenvalues of the symmetric `g` (cyclic Jacobi rotations), in ascending order.
    public static func eigenvalues(_ g: Matrix) -> [Double] {
        var a = g
        let n = a.count
        for _ in 0..<100 {
            var off = 0.0
            for i in 0..<n { for j in 0..<n where i != j { off += a[i][j] * a[i][j] } }
            if off < 1e-22 { break }
            for p in 0..<n {
                for q in (p + 1)..<max(n, p + 1) where abs(a[p][q]) > 1e-300 {
                    let theta = (a[q][q] - a[p][p]) / (2 * a[p][q])
                    let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot(), s = t * c
                    for k in 0..<n {
                        let akp = a[k][p], akq = a[k][q]
                        a[k][p] = c * akp - s * akq
                        a[k][q] = s * akp + c * akq
                    }
                    for k in 0..<n {
                        let apk = a[p][k], aqk = a[q][k]
                        a[p][k] = c * apk - s * aqk
                        a[q][k] = s * apk + c * aqk
                    }
                }
            }
        }
        return (0..<n).map { a[$0][$0] }.sorted()
    }
}

/// How well a design (or a set of answers) pins down each term: what the Gram matrix of the
/// centred regressors says about rank, conditioning and each column's share of its own.
public struct Identification: Sendable, Equatable {
    /// The rank of the regressors (terms that are not a combination of the others, counted greedily).
    public var rank: Int
    /// The condition number of the regressors scaled to unit length (√(λmax/λmin) of their
    /// correlation matrix); nil when it is singular.
    public var condition: Double?
    /// Per term: the share of its variation that the other terms cannot explain (1 − R²ₖ, the
    /// tolerance; 1/that is the variance inflation factor). 0 when it is a combination of the others.
    public var tolerance: [Double]

    /// Below this tolerance a term counts as not identified (a confounded or constant column).
    public static let minimumTolerance = 1e-6

    public func identified(_ k: Int) -> Bool { tolerance[k] > Identification.minimumTolerance }

    /// Reads `gram` (Σ x̃ x̃ᵀ of centred regressors).
    public init(gram: SmallMatrix.Matrix) {
        let n = gram.count
        // Greedy rank: a column joins when the ones before it leave it some variation of its own.
        var kept: [Int] = []
        for j in 0..<n where Identification.residualShare(gram, j, given: kept) > Identification.minimumTolerance {
            kept.append(j)
        }
        rank = kept.count
        tolerance = (0..<n).map { k in
            var basis: [Int] = []
            for j in 0..<n where j != k && Identification.residualShare(gram, j, given: basis) > Identification.minimumTolerance {
                basis.append(j)
            }
            return Identification.residualShare(gram, k, given: basis)
        }
        if rank == n, n > 0 {
            let d = (0..<n).map { gram[$0][$0].squareRoot() }
            let corr = (0..<n).map { i in (0..<n).map { j in gram[i][j] / (d[i] * d[j]) } }
            let ev = SmallMatrix.eigenvalues(corr)
            condition = ev[0] > 0 ? (ev[n - 1] / ev[0]).squareRoot() : nil
        } else {
            condition = nil
        }
    }

    /// The share of column `k`'s sum of squares left after regressing it on the (independent)
    /// columns `basis`: the Schur complement over the diagonal entry; 0 for a constant column.
    static func residualShare(_ g: SmallMatrix.Matrix, _ k: Int, given basis: [Int]) -> Double {
        let gkk = g[k][k]
        guard gkk > 1e-300 else { return 0 }
        if basis.isEmpty { return 1 }
        guard let l = SmallMatrix.cholesky(SmallMatrix.sub(g, basis), relative: 1e-14) else { return 0 }
        let b = basis.map { g[$0][k] }
        let x = SmallMatrix.solve(cholesky: l, b)
        var explained = 0.0
        for (i, v) in b.enumerated() { explained += v * x[i] }
        return max(0, (gkk - explained) / gkk)
    }
}
