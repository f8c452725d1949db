"""Moves state dicts of the sequence layers between PyTorch and Chainrule as safetensors files, both ways.

Generate (from the repository root):
  /usr/bin/python3 nn/src/test/python/generate_interchange.py
writes, under nn/src/test/resources/pytorch/, for each case below:
  interchange_<case>.safetensors  the torch module's state_dict(), in its order, as float64 safetensors
  interchange_<case>.txt          the input(s) and the torch module's output (format of generate_reference.py)
SafeTensorsInterchangeTest loads each file into the matching Chainrule layer and checks that it computes
torch's output, and that a state dict Chainrule saves has exactly torch's names, order, shapes and dtype.

Check the other direction (needs PyTorch):
  mvn -B -pl nn -am test -Dtest=SafeTensorsInterchangeTest -Dsurefire.failIfNoSpecifiedTests=false \
      -Dchainrule.interchange.out=/tmp/interchange
  /usr/bin/python3 nn/src/test/python/generate_interchange.py --check /tmp/interchange
The test then also writes, per case, the state dict of a Chainrule layer initialised by Chainrule
(<case>.safetensors) and that layer's output on the stored input (<case>.txt); --check loads each file into
a fresh torch module with load_state_dict(strict=True) and compares torch's output with Chainrule's.

Cases (float64, fixed seeds, dropout 0, training mode so torch takes its composed path):
  lstm     torch.nn.LSTM(3, 5, num_layers=2, bidirectional=True), input [T=4, N=2, 3]
  gru      torch.nn.GRU(3, 5, batch_first=True), input [N=2, T=4, 3]
  rnn      torch.nn.RNN(3, 5, nonlinearity="relu"), input [4, 2, 3]
  mha      torch.nn.MultiheadAttention(8, 2), self-attention on [L=4, N=2, 8]
  encoder  torch.nn.TransformerEncoderLayer(8, 2, 16, dropout=0), post-norm, ReLU, on [4, 2, 8]
  decoder  torch.nn.TransformerDecoderLayer(8, 2, 16, dropout=0), post-norm, ReLU, tgt [3, 2, 8], memory [4, 2, 8]
  resblock generate_residual.py's ResNet basic block (Conv2d, BatchNorm2d with its running statistics and
           num_batches_tracked, a downsampling shortcut) on [2, 3, 6, 5]; its batch-norm buffers are saved as
           float64 like everything else

safetensors is written and read by the few lines below (the format: an 8-byte little-endian header length, a
JSON header of name -> dtype, shape, data_offsets, then the raw little-endian data), so no package beyond
Debian's python3-torch is needed.
"""

import json
import os
import struct
import sys

import torch

import generate_residual

OUT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "pytorch"))


def save_safetensors(path, tensors):
    header, chunks, offset = {}, [], 0
    for name, t in tensors.items():
        data = t.detach().to(torch.float64).contiguous().numpy().astype("<f8").tobytes()
        header[name] = {"dtype": "F64", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for chunk in chunks:
            f.write(chunk)


def load_safetensors(path):
    with open(path, "rb") as f:
        raw = f.read()
    (length,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + length].decode("utf-8"))
    data = raw[8 + length:]
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        assert entry["dtype"] == "F64", "%s: expected F64, got %s" % (name, entry["dtype"])
        begin, end = entry["data_offsets"]
        values = torch.frombuffer(bytearray(data[begin:end]), dtype=torch.float64)
        tensors[name] = values.reshape(entry["shape"])
    return tensors


def write_text(path, description, tensors):
    with open(path, "w") as f:
        f.write("# %s\n" % description)
        f.write("# torch %s, float64; written by nn/src/test/python/generate_interchange.py\n" % torch.__version__)
        for key, t in tensors.items():
            t = t.detach().to(torch.float64)
            f.write("tensor %s%s\n" % (key, "".join(" %d" % d for d in t.shape)))
            f.write(" ".join(repr(float(v)) for v in t.reshape(-1).tolist()) + "\n")


def read_text(path):
    tensors, lines = {}, [line.rstrip("\n") for line in open(path) if not line.startswith("#")]
    for head, values in zip(lines[0::2], lines[1::2]):
        parts = head.split()
        shape = [int(d) for d in parts[2:]]
        tensors[parts[1]] = torch.tensor([float(v) for v in values.split()], dtype=torch.float64).reshape(shape)
    return tensors


def modules():
    """Each case: (module factory, input names and shapes, forward)."""
    return {
        "lstm": (lambda: torch.nn.LSTM(3, 5, num_layers=2, bidirectional=True),
                 {"x": (4, 2, 3)}, lambda m, xs: m(xs["x"])[0]),
        "gru": (lambda: torch.nn.GRU(3, 5, batch_first=True),
                {"x": (2, 4, 3)}, lambda m, xs: m(xs["x"])[0]),
        "rnn": (lambda: torch.nn.RNN(3, 5, nonlinearity="relu"),
                {"x": (4, 2, 3)}, lambda m, xs: m(xs["x"])[0]),
        "mha": (lambda: torch.nn.MultiheadAttention(8, 2),
                {"x": (4, 2, 8)}, lambda m, xs: m(xs["x"], xs["x"], xs["x"], need_weights=False)[0]),
        "encoder": (lambda: torch.nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0),
                    {"x": (4, 2, 8)}, lambda m, xs: m(xs["x"])),
        "decoder": (lambda: torch.nn.TransformerDecoderLayer(8, 2, 16, dropout=0.0),
                    {"tgt": (3, 2, 8), "memory": (4, 2, 8)}, lambda m, xs: m(xs["tgt"], xs["memory"])),
        "resblock": (generate_residual.block, {"x": (2, 3, 6, 5)}, lambda m, xs: m(xs["x"])),
    }


def randomised(module):
    """Biases and norm weights drawn at random too, so that a misplaced one changes the output."""
    with torch.no_grad():
        for name, p in module.named_parameters():
            if "bias" in name or "norm" in name:
                p.copy_(torch.randn_like(p) * 0.5 + (1.0 if name.endswith("weight") else 0.0))
    return module


def generate():
    for seed, (case, (factory, inputs, forward)) in enumerate(modules().items()):
        torch.manual_seed(100 + seed)
        module = randomised(factory().double())
        xs = {name: torch.randn(shape, dtype=torch.float64) for name, shape in inputs.items()}
        output = forward(module, xs)
        save_safetensors(os.path.join(OUT, "interchange_%s.safetensors" % case), module.state_dict())
        tensors = dict(xs)
        tensors["output"] = output
        write_text(os.path.join(OUT, "interchange_%s.txt" % case), "%s: inputs and torch's output" % case, tensors)
        print("wrote interchange_%s.{safetensors,txt}" % case)


def check(directory):
    worst = 0.0
    for case, (factory, inputs, forward) in modules().items():
        module = factory().double()
        module.load_state_dict(load_safetensors(os.path.join(directory, "%s.safetensors" % case)), strict=True)
        stored = read_text(os.path.join(directory, "%s.txt" % case))
        output = forward(module, {name: stored[name] for name in inputs})
        difference = (output - stored["output"]).abs().max().item()
        worst = max(worst, difference)
        print("%-8s torch loaded Chainrule's state dict (strict); max |torch - Chainrule| = %.3g" % (case, difference))
        assert difference < 1e-10, case
    print("all cases agree; worst difference %.3g" % worst)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--check":
        check(sys.argv[2])
    else:
        generate()
