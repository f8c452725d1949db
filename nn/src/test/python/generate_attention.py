"""Writes the PyTorch reference values for Chainrule's MultiheadAttention and sinusoidal positional encoding.

Generates, under nn/src/test/resources/pytorch/:
  attention_self.txt         self-attention, sequence-first [L, N, E]
  attention_cross.txt        cross-attention (L = 3 queries over S = 4 keys), batch-first [N, L, E]
  attention_causal.txt       cross-attention with the causal mask (key s hidden from query l when s > l), batch-first
  attention_key_padding.txt  cross-attention with a key-padding mask [N, S], sequence-first
  positional_encoding.txt    sinusoidal positional encoding [T, E] for (T, E) = (5, 8) and (4, 7)
Sizes: E = 8, heads = 2, L = 3, S = 4, N = 2. Each attention file holds the layer's weights (in_proj_weight,
in_proj_bias, out_proj.weight, out_proj.bias; biases drawn at random so they matter), the inputs query, key,
value, the 0/1 masks (1 = ignore), a fixed random r shaped like the output, the output, the attention weights
averaged over heads, and the gradients of (output * r).sum() with respect to query, key, value and every
parameter (grad_<name>).

Generated with PyTorch 1.13 (Debian's python3-torch), float64 throughout, fixed seeds, autograd enabled (so
torch takes its composed path, not the fused inference kernel). The positional encoding is the formula of
"Attention Is All You Need" as written in PyTorch's transformer tutorial: pe[t, 2i] = sin(t / 10000^(2i/E)),
pe[t, 2i+1] = cos(t / 10000^(2i/E)).

Regenerate from the repository root with:
  /usr/bin/python3 nn/src/test/python/generate_attention.py

File format: that of generate_reference.py, read by dev.chainrule.nn.PyTorchReference ('#' comment lines;
'tensor <name> <dim>...' then one line of row-major values written with repr(float)).
"""

import math
import os

import torch

OUT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "pytorch"))
E, HEADS, L, S, N = 8, 2, 3, 4, 2


def write(name, description, tensors):
    path = os.path.join(OUT, name)
    with open(path, "w") as f:
        f.write("# %s\n" % description)
        f.write("# torch %s, float64; written by nn/src/test/python/generate_attention.py\n" % torch.__version__)
        for key, t in tensors.items():
            t = t.detach().to(torch.float64)
            f.write("tensor %s%s\n" % (key, "".join(" %d" % d for d in t.shape)))
            f.write(" ".join(repr(float(v)) for v in t.reshape(-1).tolist()) + "\n")
    print("wrote %s (%d bytes)" % (path, os.path.getsize(path)))


def attention_case(name, description, seed, batch_first, source_length, causal=False, key_padding=None):
    torch.manual_seed(seed)
    mha = torch.nn.MultiheadAttention(E, HEADS, batch_first=batch_first, dtype=torch.float64)
    with torch.no_grad():
        mha.in_proj_bias.normal_()
        mha.out_proj.bias.normal_()

    def shaped(length):
        return (N, length, E) if batch_first else (length, N, E)

    query = torch.randn(shaped(L), dtype=torch.float64).requires_grad_()
    if source_length is None:
        key = value = query
    else:
        key = torch.randn(shaped(source_length), dtype=torch.float64).requires_grad_()
        value = torch.randn(shaped(source_length), dtype=torch.float64).requires_grad_()
    length = L if source_length is None else source_length
    attn_mask = torch.ones(L, length, dtype=torch.bool).triu(1) if causal else None
    output, weights = mha(query, key, value, key_padding_mask=key_padding, attn_mask=attn_mask)
    r = torch.randn(output.shape, dtype=torch.float64)
    params = dict(mha.named_parameters())
    inputs = {"query": query} if source_length is None else {"query": query, "key": key, "value": value}
    grads = torch.autograd.grad((output * r).sum(), list(inputs.values()) + list(params.values()))

    tensors = dict(params)
    tensors.update(inputs)
    if causal:
        tensors["attn_mask"] = attn_mask.to(torch.float64)
    if key_padding is not None:
        tensors["key_padding_mask"] = key_padding.to(torch.float64)
    tensors.update({"r": r, "output": output, "weights": weights})
    for key_name, grad in zip(list(inputs) + list(params), grads):
        tensors["grad_" + key_name] = grad
    write(name, description, tensors)


def positional_encoding(length, width):
    position = torch.arange(length, dtype=torch.float64).unsqueeze(1)
    div_term = torch.exp(torch.arange(0, width, 2, dtype=torch.float64) * (-math.log(10000.0) / width))
    pe = torch.zeros(length, width, dtype=torch.float64)
    pe[:, 0::2] = torch.sin(position * div_term)
    pe[:, 1::2] = torch.cos(position * div_term[: width // 2])
    return pe


def main():
    os.makedirs(OUT, exist_ok=True)
    attention_case("attention_self.txt", "nn.MultiheadAttention(8, 2), self-attention, sequence-first",
                   1, batch_first=False, source_length=None)
    attention_case("attention_cross.txt", "nn.MultiheadAttention(8, 2, batch_first=True), cross-attention",
                   2, batch_first=True, source_length=S)
    attention_case("attention_causal.txt",
                   "nn.MultiheadAttention(8, 2, batch_first=True), cross-attention, attn_mask = ones(L, S).triu(1)",
                   3, batch_first=True, source_length=S, causal=True)
    padding = torch.tensor([[False, False, True, True], [False, True, False, False]])
    attention_case("attention_key_padding.txt",
                   "nn.MultiheadAttention(8, 2), cross-attention, sequence-first, key_padding_mask (1 = ignore)",
                   4, batch_first=False, source_length=S, key_padding=padding)
    write("positional_encoding.txt", "sinusoidal positional encoding [T, E] (Vaswani et al. 2017)",
          {"pe_5_8": positional_encoding(5, 8), "pe_4_7": positional_encoding(4, 7)})


if __name__ == "__main__":
    main()
