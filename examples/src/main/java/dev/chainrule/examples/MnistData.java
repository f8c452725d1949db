package dev.chainrule.examples;

import static com.google.common.base.Preconditions.checkArgument;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.nn.data.Dataset;
import java.nio.file.Path;

/**
 * The MNIST digits in memory as float32 datasets: 60,000 training and 10,000 test images of 28×28
 * pixels scaled to [0, 1], with their labels 0 to 9 as class indices.
 *
 * @param train features {@code [60000, 784]} (or {@code [60000, 1, 28, 28]}, see {@link #asImages}),
 *     targets {@code [60000]}
 * @param test features {@code [10000, 784]} (or {@code [10000, 1, 28, 28]}), targets {@code [10000]}
 */
record MnistData(Dataset train, Dataset test) {
  /** The digits from the standard cache, downloaded on first use (see {@link MnistCache}). */
  static MnistData load() {
    return load(MnistCache.standard().ensure());
  }

  /** The digits from the four IDX files in {@code directory}, each image flattened to 784 pixels. */
  static MnistData load(Path directory) {
    return read("mnist", directory, "");
  }

  /**
   * The four IDX files of MNIST's layout in {@code directory}, named as MNIST's with {@code suffix} added
   * (".gz" for gzipped files), with labels 0 to 9; {@code label} starts the error messages.
   */
  static MnistData read(String label, Path directory, String suffix) {
    return new MnistData(
        dataset(label, directory, "train-images-idx3-ubyte" + suffix, "train-labels-idx1-ubyte" + suffix),
        dataset(label, directory, "t10k-images-idx3-ubyte" + suffix, "t10k-labels-idx1-ubyte" + suffix));
  }

  private static Dataset dataset(String label, Path directory, String imageFile, String labelFile) {
    NdArray images = IdxReader.images(directory.resolve(imageFile));
    NdArray labels = IdxReader.labels(directory.resolve(labelFile));
    for (int i = 0; i < labels.size(); i++) {
      checkArgument(labels.getFlat(i) <= 9, "%s: %s: label %s of example %s is not in 0 to 9", label, labelFile, labels.getFlat(i), i);
    }
    int n = images.shape().dim(0);
    return new Dataset(Tensor.of(images).reshape(Shape.of(n, images.size() / Math.max(1, n))).value(), labels);
  }

  /** The same data with each image as one channel of 28×28 pixels, {@code [N, 1, 28, 28]}, for convolutions. */
  MnistData asImages() {
    return new MnistData(images(train), images(test));
  }

  private static Dataset images(Dataset data) {
    return new Dataset(Tensor.of(data.features()).reshape(Shape.of(data.size(), 1, 28, 28)).value(), data.targets());
  }
}
