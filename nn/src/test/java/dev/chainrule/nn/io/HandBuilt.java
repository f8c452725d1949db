package dev.chainrule.nn.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Safetensors bytes assembled by hand from the specification, independently of the encoder. */
final class HandBuilt {
  private HandBuilt() {}

  /** The 8-byte little-endian length of {@code header}'s UTF-8 bytes, the bytes, then {@code data}. */
  static byte[] file(String header, byte[] data) {
    byte[] json = header.getBytes(StandardCharsets.UTF_8);
    return withLength(json.length, json, data);
  }

  /** An arbitrary (possibly lying) header length field followed by {@code parts}. */
  static byte[] withLength(long headerLength, byte[]... parts) {
    int size = 8;
    for (byte[] part : parts) {
      size += part.length;
    }
    ByteBuffer out = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN).putLong(headerLength);
    for (byte[] part : parts) {
      out.put(part);
    }
    return out.array();
  }

  static byte[] floats(float... values) {
    ByteBuffer out = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      out.putFloat(v);
    }
    return out.array();
  }

  static byte[] doubles(double... values) {
    ByteBuffer out = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (double v : values) {
      out.putDouble(v);
    }
    return out.array();
  }

  /** 64-bit little-endian integers, for I64 data. */
  static byte[] longs(long... values) {
    ByteBuffer out = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (long v : values) {
      out.putLong(v);
    }
    return out.array();
  }

  /** 32-bit little-endian integers, for I32 data. */
  static byte[] ints(int... values) {
    ByteBuffer out = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (int v : values) {
      out.putInt(v);
    }
    return out.array();
  }

  /** 16-bit little-endian values, for F16 and BF16 data. */
  static byte[] halves(int... bits) {
    ByteBuffer out = ByteBuffer.allocate(2 * bits.length).order(ByteOrder.LITTLE_ENDIAN);
    for (int b : bits) {
      out.putShort((short) b);
    }
    return out.array();
  }

  static byte[] concat(byte[]... parts) {
    int size = 0;
    for (byte[] part : parts) {
      size += part.length;
    }
    ByteBuffer out = ByteBuffer.allocate(size);
    for (byte[] part : parts) {
      out.put(part);
    }
    return out.array();
  }

  /** Where the data section of a file starts, read from its length field. */
  static int dataStart(byte[] file) {
    return 8 + (int) ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
  }

  /** The header text of a file. */
  static String header(byte[] file) {
    return new String(file, 8, dataStart(file) - 8, StandardCharsets.UTF_8);
  }
}
