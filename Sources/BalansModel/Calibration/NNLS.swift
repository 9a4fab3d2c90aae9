/// Non-negative least squares by Lawson and Hanson (Solving Least Squares Problems, 1974, ch. 23,
/// algorithm NNLS), in the normal-equations form: minimise ‖Ax − b‖² subject to x ≥ 0, given
/// G = AᵀA and c = Aᵀb. The calibration sums G and c over respondents, so a bootstrap draw costs a
/// sum of small matrices, never a pass over the answers (decision 0029 says why it is written here).
public enum NNLS {
    /// The solution x ≥ 0. `gram` must be positive semi-definite; columns the solver cannot use
    /// (dependent ones) stay at 0.
    public static func solve(gram g: SmallMatrix.Matrix, _ c: [Double]) -> [Double] {
        let n = c.count
        var x = [Double](repeating: 0, count: n)
        var passive = [Bool](repeating: false, count: n)
        let scale = max(c.map(abs).max() ?? 0, 1e-300)
        let tolerance = 1e-12 * scale * Double(n)

        func gradient() -> [Double] {
            (0..<n).map { i in
                var s = c[i]
                for j in 0..<n { s -= g[i][j] * x[j] }
                return s
            }
        }
        /// The least-squares solution on the passive set (zero elsewhere), or nil when that set's
        /// Gram matrix is singular.
        func passiveSolution() -> [Double]? {
            let p = (0..<n).filter { passive[$0] }
            guard let l = SmallMatrix.cholesky(SmallMatrix.sub(g, p), relative: 1e-13) else { return nil }
            let zp = SmallMatrix.solve(cholesky: l, p.map { c[$0] })
            var z = [Double](repeating: 0, count: n)
            for (i, j) in p.enumerated() { z[j] = zp[i] }
            return z
        }

        var blocked = [Bool](repeating: false, count: n)
        for _ in 0..<(3 * n + 3) {
            let w = gradient()
            // The inactive column whose gradient most wants to grow joins the passive set.
            var t = -1
            for j in 0..<n where !passive[j] && !blocked[j] && w[j] > tolerance && (t < 0 || w[j] > w[t]) { t = j }
            if t < 0 { break }
            passive[t] = true
            var inner = 0
            while inner < 3 * n + 3 {
                inner += 1
                guard let z = passiveSolution() else {
                    // t is a combination of the passive columns: it cannot help.
                    passive[t] = false
                    blocked[t] = true
                    break
                }
                if (0..<n).allSatisfy({ !passive[$0] || z[$0] > 0 }) {
                    x = z
                    break
                }
                // Step from x towards z as far as feasibility allows, and drop the columns that hit 0.
                var alpha = 1.0
                for j in 0..<n where passive[j] && z[j] <= 0 {
                    let a = x[j] / (x[j] - z[j])
                    if a < alpha { alpha = a }
                }
                for j in 0..<n { x[j] += alpha * (z[j] - x[j]) }
                for j in 0..<n where passive[j] && x[j] <= 1e-15 * max(1, abs(z[j])) {
                    passive[j] = false
                    x[j] = 0
                }
            }
        }
        return x
    }
}
