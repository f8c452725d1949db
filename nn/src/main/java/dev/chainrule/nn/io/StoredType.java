package dev.chainrule.nn.io;

import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import java.util.Optional;

/**
 * The safetensors dtypes this library reads, with their element sizes; F16 and BF16 widen to float32,
 * I64 and I32 (integer counters in PyTorch state dicts) to float64, all exactly: an I64 value beyond
 * {@code ±2^53} is refused ({@link #inexact}). Unsigned and 8/16-bit integer dtypes are not read.
 *
 * <p>Each constant reads {@code shape.size()} little-endian elements from the start of a buffer.
 */
enum StoredType {
  F64(8) {
    @Override
    NdArray read(ByteBuffer data, Shape shape) {
      double[] values = new double[shape.size()];
      data.asDoubleBuffer().get(values);
      return NdArray.of(shape, values);
    }
  },
  F32(4) {
    @Override
    NdArray read(ByteBuffer data, Shape shape) {
      float[] values = new float[shape.size()];
      data.asFloatBuffer().get(values);
      return NdArray.ofFloats(shape, values);
    }
  },
  F16(2) {
    @Override
    NdArray read(ByteBuffer data, Shape shape) {
      ShortBuffer halves = data.asShortBuffer();
      float[] values = new float[shape.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = halfToFloat(halves.get(i));
      }
      return NdArray.ofFloats(shape, values);
    }
  },
  /**
   * 64-bit integers (PyTorch's counters such as {@code num_batches_tracked}), read as float64, which holds
   * every integer with {@code |v| <= 2^53} exactly; larger values are refused, never rounded.
   */
  I64(8) {
    @Override
    Optional<String> inexact(ByteBuffer data, int count) {
      java.nio.LongBuffer longs = data.asLongBuffer();
      for (int i = 0; i < count; i++) {
        long v = longs.get(i);
        if (v > MAX_EXACT_INTEGER || v < -MAX_EXACT_INTEGER) {
          return Optional.of("holds the I64 value " + v + " at index " + i + ", which a float64 cannot hold exactly; "
              + "I64 values must satisfy |v| <= 2^53 = " + MAX_EXACT_INTEGER);
        }
      }
      return Optional.empty();
    }

    @Override
    NdArray read(ByteBuffer data, Shape shape) {
      double[] values = new double[shape.size()];
      java.nio.LongBuffer longs = data.asLongBuffer();
      for (int i = 0; i < values.length; i++) {
        values[i] = longs.get(i);
      }
      return NdArray.of(shape, values);
    }
  },
  /** 32-bit integers, read as float64 (exactly). */
  I32(4) {
    @Override
    NdArray read(ByteBuffer data, Shape shape) {
      double[] values = new double[shape.size()];
      java.nio.IntBuffer ints = data.asIntBuffer();
      for (int i = 0; i < values.length; i++) {
        values[i] = ints.get(i);
      }
      return NdArray.of(shape, values);
    }
  },
  BF16(2) {
    @Override
    NdArray read(ByteBuffer data, Shape shape) {
      ShortBuffer halves = data.asShortBuffer();
      float[] values = new float[shape.size()];
      for (int i = 0; i < values.length; i++) {
        // bfloat16 is the top half of a float32
        values[i] = Float.intBitsToFloat((halves.get(i) & 0xffff) << 16);
      }
      return NdArray.ofFloats(shape, values);
    }
  };

  /** 2^53: every integer of at most this magnitude is a double, and 2^53 + 1 is not. */
  static final long MAX_EXACT_INTEGER = 1L << 53;

  private final int byteSize;

  StoredType(int byteSize) {
    this.byteSize = byteSize;
  }

  /** Bytes per element. */
  int byteSize() {
    return byteSize;
  }

  /**
   * Why the first {@code count} elements of {@code data} cannot be read exactly, or empty when they can.
   *
   * <p>Only I64 can fail: every F16, BF16 widens exactly to float32 and every I32 to float64.
   */
  Optional<String> inexact(ByteBuffer data, int count) {
    return Optional.empty();
  }

  /** Reads an array of {@code shape} from a little-endian buffer holding exactly its bytes. */
  abstract NdArray read(ByteBuffer data, Shape shape);

  /** The type for a header's dtype string, which is case-sensitive as in the specification. */
  static Optional<StoredType> named(String tag) {
    for (StoredType type : values()) {
      if (type.name().equals(tag)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }

  /** The type written for arrays of {@code dtype}. */
  static StoredType of(DType dtype) {
    return dtype == DType.FLOAT64 ? F64 : F32;
  }

  /**
   * The float32 value of IEEE 754 half-precision bits (exact: every half is a float).
   *
   * <p>{@code 0x3c00} → 1.0, {@code 0x7bff} → 65504.0, {@code 0x0001} → 2⁻²⁴, {@code 0x7c00} → ∞.
   */
  static float halfToFloat(short bits) {
    int sign = (bits & 0x8000) << 16;
    int exponent = (bits >>> 10) & 0x1f;
    int mantissa = bits & 0x3ff;
    if (exponent == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
    }
    if (exponent == 0) {
      // zero or subnormal: mantissa · 2⁻²⁴
      float magnitude = mantissa * 0x1p-24f;
      return sign == 0 ? magnitude : -magnitude;
    }
    // rebias the exponent from 15 to 127
    return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
  }
}
