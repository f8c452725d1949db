package dev.chainrule.nn.io;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableMap;
import dev.chainrule.autodiff.array.NdArray;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads and writes the safetensors format, the ecosystem's safe, standard file for weights.
 *
 * <p>A file is an 8-byte little-endian header length {@code N}, then {@code N} bytes of UTF-8 JSON mapping
 * each tensor name to {@code {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}} (plus an
 * optional {@code "__metadata__"} object of strings), then the raw little-endian data; see
 * <a href="https://github.com/huggingface/safetensors">huggingface/safetensors</a>. PyTorch reads our
 * files with {@code safetensors.torch.load_file}.
 *
 * <p>Writing produces F32 and F64 tensors; reading also accepts F16 and BF16, widened exactly to float32,
 * and I32 and I64, read exactly as float64 (an I64 value beyond {@code ±2^53} is refused, not rounded).
 * Reading validates everything (header size, strict JSON, dtypes, shapes, offsets that tile the data with
 * no overlap or gap) and reports any problem as a {@link SafeTensorsException} naming the file, the tensor
 * and what is wrong. A header may have at most 100,000,000 bytes, 100,000 tensors and 100,000 metadata
 * keys; within these it costs at most 4 × its length + 64 MB of heap beyond the file and the arrays read. Files are written atomically: a crash mid-write leaves the previous file intact.
 *
 * <p>{@code decode(encode(Map.of("w", NdArray.of(1, 2)), Map.of())).tensors()} → {@code {w=float64[2] [1.0, 2.0]}}.
 */
public final class SafeTensors {
  private SafeTensors() {}

  /**
   * The tensors and metadata of a file, both in file order and immutable.
   *
   * @param tensors the arrays by name, in header order
   * @param metadata the {@code "__metadata__"} strings; empty when the file has none
   */
  public record Contents(Map<String, NdArray> tensors, Map<String, String> metadata) {
    /**
     * Copies both maps, keeping their order; names and values must not be null.
     *
     * @param tensors the arrays by name, in header order
     * @param metadata the {@code "__metadata__"} strings; empty when the file has none
     */
    public Contents {
      checkArgument(tensors != null && metadata != null, "safetensors: tensors and metadata must not be null");
      tensors = ImmutableMap.copyOf(tensors);
      metadata = ImmutableMap.copyOf(metadata);
    }
  }

  /**
   * The safetensors bytes for {@code tensors} (in map order) and {@code metadata}.
   *
   * @param tensors the arrays by name
   * @param metadata strings for the header's {@code "__metadata__"}
   * @return the bytes of the file
   * @throws IllegalArgumentException if a name is {@code "__metadata__"}, a name, value or metadata entry
   *     is null or has an unpaired surrogate, or the result would exceed 2 GiB
   */
  public static byte[] encode(Map<String, NdArray> tensors, Map<String, String> metadata) {
    return SafeTensorsEncoder.encode(tensors, metadata);
  }

  /**
   * The tensors and metadata held in {@code bytes}, after validating all of it.
   *
   * @param bytes the contents of a safetensors file
   * @return the tensors and metadata, in file order
   * @throws SafeTensorsException if the bytes are not a valid safetensors file of supported dtypes
   */
  public static Contents decode(byte[] bytes) {
    checkArgument(bytes != null, "safetensors: bytes must not be null");
    return SafeTensorsDecoder.decode(bytes, "");
  }

  /**
   * Atomically writes {@code tensors} and {@code metadata} to {@code file}, replacing it if it exists.
   *
   * <p>The bytes go to a temporary file in the same directory, are forced to disk, and are then renamed
   * over {@code file}; on failure the temporary file is removed and {@code file} keeps its old contents.
   * Temporaries left by an earlier crashed save of {@code file} are deleted first; a replaced file's POSIX
   * permissions are kept; a symbolic link is written through (its target is replaced, the link kept).
   *
   * @param file the file to write
   * @param tensors the arrays by name, in the order written
   * @param metadata strings for the header's {@code "__metadata__"}
   * @throws UncheckedIOException if the file system fails
   */
  public static void write(Path file, Map<String, NdArray> tensors, Map<String, String> metadata) {
    AtomicFile.write(file, encode(tensors, metadata));
  }

  /**
   * The tensors and metadata of {@code file}, after validating all of it.
   *
   * @param file the file to read
   * @return the tensors and metadata, in file order
   * @throws SafeTensorsException if the file is not a valid safetensors file of supported dtypes, or is
   *     larger than the 2 GiB one array can hold
   * @throws UncheckedIOException if the file cannot be read
   */
  public static Contents read(Path file) {
    try {
      long size = Files.size(file);
      if (size > Integer.MAX_VALUE - 8) {
        throw SafeTensorsException.of("safetensors", file.toString(), "", "the file has " + size + " bytes; this reader takes at most 2^31 - 9");
      }
      return SafeTensorsDecoder.decode(Files.readAllBytes(file), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("safetensors: could not read " + file + ": " + e, e);
    }
  }
}
