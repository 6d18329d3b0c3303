/// Progress of a fetch, as libgit2's indexer reports it.
public struct TransferProgress: Sendable, Equatable {
    public var totalObjects: Int
    public var receivedObjects: Int
    public var indexedObjects: Int
    public var localObjects: Int
    public var totalDeltas: Int
    public var indexedDeltas: Int
    public var receivedBytes: Int

    public init(totalObjects: Int = 0, receivedObjects: Int = 0, indexedObjects: Int = 0, localObjects: Int = 0,
                totalDeltas: Int = 0, indexedDeltas: Int = 0, receivedBytes: Int = 0) {
        self.totalObjects = totalObjects
        self.receivedObjects = receivedObjects
        self.indexedObjects = indexedObjects
        self.localObjects = localObjects
        self.totalDeltas = totalDeltas
        self.indexedDeltas = indexedDeltas
        self.receivedBytes = receivedBytes
    }

    /// Fraction done in 0...1: receiving objects counts for the first half, resolving deltas the second.
    public var fractionCompleted: Double {
        guard totalObjects > 0 else { return 0 }
        let received = Double(receivedObjects) / Double(totalObjects)
        let deltas = totalDeltas > 0 ? Double(indexedDeltas) / Double(totalDeltas) : (receivedObjects == totalObjects ? 1 : 0)
        return min(1, received * 0.5 + deltas * 0.5)
    }
}
