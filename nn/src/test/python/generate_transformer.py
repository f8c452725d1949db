"""Writes the PyTorch reference values for Chainrule's transformer encoder and decoder layers and stacks.

Generates, under nn/src/test/resources/pytorch/:
  transformer_encoder_post_relu.txt       TransformerEncoderLayer, post-norm, ReLU, sequence-first, no mask
  transformer_encoder_pre_gelu_padding.txt  TransformerEncoderLayer, norm_first, GELU, batch-first, src_key_padding_mask
  transformer_decoder_causal.txt          TransformerDecoderLayer, post-norm, ReLU, sequence-first, causal tgt_mask
                                          and memory_key_padding_mask
  transformer_encoder_stack.txt           TransformerEncoder of 2 layers with a final LayerNorm, causal src mask
Sizes: d_model = 8, nhead = 2, dim_feedforward = 16, L = 3 (target length), S = 4 (source length), N = 2,
dropout = 0. Each file holds every parameter under PyTorch's name (biases and layer-norm weights drawn at random so
they matter), the inputs (src, or tgt and memory), the 0/1 masks (1 = ignore), a fixed random r shaped like the
output, the output, and the gradients of (output * r).sum() with respect to the inputs and every parameter
(grad_<name>).

Generated with PyTorch 1.13 (Debian's python3-torch), float64 throughout, fixed seeds. The modules stay in training
mode (dropout is 0, so that changes nothing) and the inputs require grad, so torch takes the plain composed path,
never the fused "fast path" of TransformerEncoderLayer / TransformerEncoder (which needs eval mode and no grad).

Regenerate from the repository root with:
  /usr/bin/python3 nn/src/test/python/generate_transformer.py

File format: that of generate_reference.py, read by dev.chainrule.nn.PyTorchReference ('#' comment lines;
'tensor <name> <dim>...' then one line of row-major values written with repr(float)).
"""

import os

import torch

OUT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "pytorch"))
E, HEADS, FF, L, S, N = 8, 2, 16, 3, 4, 2


def write(name, description, tensors):
    path = os.path.join(OUT, name)
    with open(path, "w") as f:
        f.write("# %s\n" % description)
        f.write("# torch %s, float64; written by nn/src/test/python/generate_transformer.py\n" % torch.__version__)
        for key, t in tensors.items():
            t = t.detach().to(torch.float64)
            f.write("tensor %s%s\n" % (key, "".join(" %d" % d for d in t.shape)))
            f.write(" ".join(repr(float(v)) for v in t.reshape(-1).tolist()) + "\n")
    print("wrote %s (%d bytes)" % (path, os.path.getsize(path)))


def randomize(module):
    """Biases and layer-norm shifts ~ N(0, 1), layer-norm scales ~ 1 + N(0, 0.25), so every parameter matters;
    weight matrices get N(0, 0.01) added, so the layers of a stack (deep copies) differ."""
    with torch.no_grad():
        for name, p in module.named_parameters():
            if p.dim() > 1:
                p.add_(0.1 * torch.randn_like(p))
            elif "norm" in name and name.endswith("weight"):
                p.copy_(1 + 0.5 * torch.randn_like(p))
            else:
                p.normal_()


def case(name, description, module, inputs, masks, call):
    module.train()
    randomize(module)
    output = call(module, inputs, masks)
    r = torch.randn(output.shape, dtype=torch.float64)
    params = dict(module.named_parameters())
    grads = torch.autograd.grad((output * r).sum(), list(inputs.values()) + list(params.values()))
    tensors = dict(params)
    tensors.update(inputs)
    tensors.update({key: m.to(torch.float64) for key, m in masks.items()})
    tensors.update({"r": r, "output": output})
    for key, grad in zip(list(inputs) + list(params), grads):
        tensors["grad_" + key] = grad
    write(name, description, tensors)


def randn(*shape):
    return torch.randn(shape, dtype=torch.float64).requires_grad_()


def causal(length):
    return torch.ones(length, length, dtype=torch.bool).triu(1)


def encoder_layer(**kwargs):
    return torch.nn.TransformerEncoderLayer(E, HEADS, FF, dropout=0.0, dtype=torch.float64, **kwargs)


def main():
    os.makedirs(OUT, exist_ok=True)
    padding = torch.tensor([[False, False, True, True], [False, True, False, False]])

    torch.manual_seed(1)
    case("transformer_encoder_post_relu.txt",
         "nn.TransformerEncoderLayer(8, 2, 16, dropout=0), post-norm, ReLU, sequence-first [S, N, E]",
         encoder_layer(), {"src": randn(S, N, E)}, {},
         lambda m, x, k: m(x["src"]))

    torch.manual_seed(2)
    case("transformer_encoder_pre_gelu_padding.txt",
         "nn.TransformerEncoderLayer(8, 2, 16, dropout=0, activation='gelu', batch_first=True, norm_first=True), "
         "src_key_padding_mask [N, S] (1 = ignore)",
         encoder_layer(activation="gelu", batch_first=True, norm_first=True), {"src": randn(N, S, E)},
         {"src_key_padding_mask": padding},
         lambda m, x, k: m(x["src"], src_key_padding_mask=k["src_key_padding_mask"]))

    torch.manual_seed(3)
    case("transformer_decoder_causal.txt",
         "nn.TransformerDecoderLayer(8, 2, 16, dropout=0), post-norm, ReLU, sequence-first, causal tgt_mask [L, L], "
         "memory_key_padding_mask [N, S] (1 = ignore)",
         torch.nn.TransformerDecoderLayer(E, HEADS, FF, dropout=0.0, dtype=torch.float64),
         {"tgt": randn(L, N, E), "memory": randn(S, N, E)},
         {"tgt_mask": causal(L), "memory_key_padding_mask": padding},
         lambda m, x, k: m(x["tgt"], x["memory"], tgt_mask=k["tgt_mask"],
                           memory_key_padding_mask=k["memory_key_padding_mask"]))

    torch.manual_seed(4)
    stack = torch.nn.TransformerEncoder(encoder_layer(), 2, norm=torch.nn.LayerNorm(E, dtype=torch.float64))
    case("transformer_encoder_stack.txt",
         "nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16, dropout=0), 2, norm=nn.LayerNorm(8)), "
         "sequence-first, causal src mask [S, S]",
         stack, {"src": randn(S, N, E)}, {"mask": causal(S)},
         lambda m, x, k: m(x["src"], mask=k["mask"]))


if __name__ == "__main__":
    main()
