#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Tab completion of paths typed in a prompt: the entries of the prefix's folder whose names start
/// with its last component, folders with a trailing "/". Hidden entries only when that component
/// starts with ".". Every candidate starts with the prefix as typed, so that the prompt can extend
/// the text to their common prefix.
public enum PathCompletion {
    public static func candidates(for prefix: String) -> [String] {
        let folderPart: String  // as typed, up to and including the last "/"
        let namePart: String
        if let slash = prefix.lastIndex(of: "/") {
            folderPart = String(prefix[...slash])
            namePart = String(prefix[prefix.index(after: slash)...])
        } else {
            folderPart = ""
            namePart = prefix
        }
        let folder = folderPart.isEmpty ? "." : folderPart
        guard let dir = opendir(folder) else { return [] }
        defer { closedir(dir) }
        let showHidden = namePart.hasPrefix(".")
        var out: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { p in
                p.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: entry.pointee.d_name)) {
                    String(cString: $0)
                }
            }
            if name == "." || name == ".." { continue }
            if name.hasPrefix(".") && !showHidden { continue }
            guard name.hasPrefix(namePart) else { continue }
            var isFolder = false
            var st = stat()
            if stat((folderPart.isEmpty ? "" : folderPart) + name, &st) == 0 {
                isFolder = (st.st_mode & S_IFMT) == S_IFDIR
            }
            out.append(folderPart + name + (isFolder ? "/" : ""))
            if out.count >= 1000 { break }
        }
        return out.sorted()
    }
}
