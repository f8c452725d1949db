"""Writes the PyTorch reference values that Chainrule's recurrent-layer parity tests compare against.

Generates, under nn/src/test/resources/pytorch/, one small text file per case, named recurrent_<case>.txt,
for torch.nn.RNN, LSTM and GRU (T = 4 steps, N = 2 sequences, input size 3, hidden size 5): one to two
layers, one or two directions, time or batch first, with and without bias, with and without initial
states, and padded batches run as packed sequences (pack_padded_sequence with enforce_sorted=False, then
pad_packed_sequence back to T steps, so outputs at padded steps are zero).

Each file holds, in float64: the input x; the initial states h0 (and c0) when the case passes them; every
parameter under its state-dict name (drawn by the module's own initialisation after torch.manual_seed);
the lengths when the case is padded; the fixed random projections R, S (and U); the outputs out, h_n (and
c_n); and the gradients of  (out * R).sum() + (h_n * S).sum() [+ (c_n * U).sum()]  with respect to x, the
initial states and every parameter, named grad_<name>.

Generated with PyTorch 1.13 (Debian's python3-torch). Regenerate from the repository root with:
  /usr/bin/python3 nn/src/test/python/generate_recurrent.py

File format: that of generate_reference.py (read by dev.chainrule.nn.PyTorchReference): '#' starts a comment
line; each tensor is a line 'tensor <name> <dim>...' followed by one line of its values in row-major order,
written with repr(float), which reads back as exactly the same double.
"""

import os

import torch
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

OUT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "pytorch"))

T, N, INPUT, HIDDEN = 4, 2, 3, 5


def write(name, description, tensors):
    path = os.path.join(OUT, name)
    with open(path, "w") as f:
        f.write("# %s\n" % description)
        f.write("# torch %s, float64; written by nn/src/test/python/generate_recurrent.py\n" % torch.__version__)
        for key, t in tensors.items():
            t = t.detach().to(torch.float64)
            f.write("tensor %s%s\n" % (key, "".join(" %d" % d for d in t.shape)))
            f.write(" ".join(repr(float(v)) for v in t.reshape(-1).tolist()) + "\n")
    print("wrote %s (%d bytes)" % (path, os.path.getsize(path)))


def case(name, kind, seed, layers=1, bidirectional=False, batch_first=False, bias=True,
         nonlinearity="tanh", initial=False, lengths=None):
    torch.manual_seed(seed)
    options = dict(input_size=INPUT, hidden_size=HIDDEN, num_layers=layers, bidirectional=bidirectional,
                   batch_first=batch_first, bias=bias)
    if kind == "rnn":
        module = torch.nn.RNN(nonlinearity=nonlinearity, **options)
    else:
        module = {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU}[kind](**options)
    module = module.double()
    states = layers * (2 if bidirectional else 1)
    is_lstm = kind == "lstm"

    x = torch.randn((N, T, INPUT) if batch_first else (T, N, INPUT)).requires_grad_()
    tensors = {"x": x}
    inputs = [x]
    initial_states = None
    if initial:
        h0 = torch.randn(states, N, HIDDEN).requires_grad_()
        tensors["h0"] = h0
        inputs.append(h0)
        initial_states = h0
        if is_lstm:
            c0 = torch.randn(states, N, HIDDEN).requires_grad_()
            tensors["c0"] = c0
            inputs.append(c0)
            initial_states = (h0, c0)
    parameters = dict(module.named_parameters())
    tensors.update(parameters)
    inputs.extend(parameters.values())

    if lengths is not None:
        tensors["lengths"] = torch.tensor(lengths, dtype=torch.float64)
        packed = pack_padded_sequence(x, torch.tensor(lengths), batch_first=batch_first, enforce_sorted=False)
        packed_out, final = module(packed, initial_states)
        out, _ = pad_packed_sequence(packed_out, batch_first=batch_first, total_length=T)
    else:
        out, final = module(x, initial_states)
    h_n, c_n = final if is_lstm else (final, None)

    R = torch.randn(out.shape)
    S = torch.randn(h_n.shape)
    loss = (out * R).sum() + (h_n * S).sum()
    tensors.update({"R": R, "S": S})
    if is_lstm:
        U = torch.randn(c_n.shape)
        loss = loss + (c_n * U).sum()
        tensors["U"] = U
    grads = torch.autograd.grad(loss, inputs)
    tensors.update({"out": out, "h_n": h_n})
    if is_lstm:
        tensors["c_n"] = c_n
    names = [k for k in tensors if k in ("x", "h0", "c0") or k in parameters]
    for key, g in zip(names, grads):
        tensors["grad_" + key] = g
    write("recurrent_%s.txt" % name,
          "torch.nn.%s(%s%s), initial states: %s, lengths: %s; gradients of (out*R).sum() + (h_n*S).sum()%s"
          % (type(module).__name__, ", ".join("%s=%s" % kv for kv in options.items()),
             ", nonlinearity=%s" % nonlinearity if kind == "rnn" else "", initial, lengths,
             " + (c_n*U).sum()" if is_lstm else ""),
          tensors)


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.set_default_dtype(torch.float64)
    case("rnn_tanh", "rnn", 1, initial=True)
    case("rnn_relu_2layer_bidirectional_batch_first", "rnn", 2, layers=2, bidirectional=True,
         batch_first=True, nonlinearity="relu")
    case("lstm", "lstm", 3, initial=True)
    case("lstm_2layer_bidirectional", "lstm", 4, layers=2, bidirectional=True, initial=True)
    case("lstm_no_bias_batch_first", "lstm", 5, bias=False, batch_first=True)
    case("gru", "gru", 6, initial=True)
    case("gru_2layer_bidirectional", "gru", 7, layers=2, bidirectional=True, initial=True)
    case("gru_no_bias_batch_first", "gru", 8, bias=False, batch_first=True)
    case("rnn_tanh_lengths", "rnn", 9, bidirectional=True, initial=True, lengths=[2, 4])
    case("lstm_2layer_bidirectional_lengths", "lstm", 10, layers=2, bidirectional=True, initial=True,
         lengths=[3, 1])
    case("gru_bidirectional_batch_first_lengths", "gru", 11, bidirectional=True, batch_first=True,
         lengths=[1, 4])


if __name__ == "__main__":
    main()
