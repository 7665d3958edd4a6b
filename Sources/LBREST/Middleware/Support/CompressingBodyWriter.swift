import CompressNIO
public import HTTPTypes
public import Hummingbird
import NIOCore

/// A response body writer that deflates what it is given (gzip or zlib format) before passing it on.
struct CompressingBodyWriter: ResponseBodyWriter {
    var parent: any ResponseBodyWriter
    let compressor: ZlibCompressor

    mutating func write(_ buffer: ByteBuffer) async throws {
        var input = buffer
        guard input.readableBytes > 0 else { return }
        var output = ByteBufferAllocator().buffer(capacity: compressor.maxSize(from: input))
        try compressor.deflate(from: &input, to: &output, flush: .no)
        if output.readableBytes > 0 { try await parent.write(output) }
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {
        var empty = ByteBuffer()
        while true {
            var output = ByteBufferAllocator().buffer(capacity: 64 * 1024)
            do {
                try compressor.deflate(from: &empty, to: &output, flush: .finish)
                if output.readableBytes > 0 { try await parent.write(output) }
                break
            } catch let error as CompressNIOError where error == .bufferOverflow {
                try await parent.write(output)
            }
        }
        try await parent.finish(trailingHeaders)
    }
}

extension ResponseBody {
    /// This body deflated with a new compressor of `algorithm` and `configuration`.
    func compressed(_ algorithm: ZlibAlgorithm, _ configuration: ZlibConfiguration) -> ResponseBody {
        ResponseBody { writer in
            let compressing = CompressingBodyWriter(parent: writer, compressor: try ZlibCompressor(algorithm: algorithm, configuration: configuration))
            try await self.write(compressing)
        }
    }
}
