/**
 * Saving and loading weights in the safetensors format: {@link dev.chainrule.nn.io.SafeTensors} encodes
 * and strictly decodes files (a length-prefixed JSON header plus raw little-endian data, readable by
 * PyTorch's {@code safetensors.torch.load_file}), and {@link dev.chainrule.nn.io.Checkpoint} saves and
 * restores a module's state dict atomically, and {@link dev.chainrule.nn.io.TrainingCheckpoint} keeps
 * everything needed to resume training in one atomically written file. A bad file always fails with
 * {@link dev.chainrule.nn.io.SafeTensorsException}.
 */
package dev.chainrule.nn.io;
