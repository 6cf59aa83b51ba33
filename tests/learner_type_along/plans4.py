"""Run 4 (in run 2's folder, whose my_engine.py is all right): lesson 06 with
neuron_call and neuron_parameters left unwritten while the pieces that use them are
written right; lesson 10 with other mistakes."""

F = lambda label, body: ("fill", label, body)

PLANS = {
    "06": {
        "zero_grad": [F("right", "for p in self.parameters():\n    p.grad = 0")],
        "layer_call": [F("right", "outs = [n(x) for n in self.neurons]\nreturn outs[0] if len(outs) == 1 else outs")],
        "layer_parameters": [F("right", "return [p for n in self.neurons for p in n.parameters()]")],
        "mlp_call": [F("right", "for layer in self.layers:\n    x = layer(x)\nreturn x")],
        "mlp_parameters": [F("right", "return [p for l in self.layers for p in l.parameters()]")],
    },
    "10": {
        "unbroadcast": [F("sums axis 0 while too long, then keepdims loop without reshape",
                          "while grad.ndim > len(shape):\n    grad = grad.sum(axis=0)\nfor i, n in enumerate(shape):\n    if n == 1:\n        grad = grad.sum(axis=i, keepdims=True)\nreturn grad"),
                        F("right, reference-like", "extra = grad.ndim - len(shape)\nif extra:\n    grad = grad.sum(axis=tuple(range(extra)))\naxes = tuple(i for i, n in enumerate(shape) if n == 1 and grad.shape[i] != 1)\nif axes:\n    grad = grad.sum(axis=axes, keepdims=True)\nreturn grad.reshape(shape)")],
        "mul": [F("swapped", "self._add_grad(unbroadcast(grad * a, a.shape))\nother._add_grad(unbroadcast(grad * b, b.shape))"),
                F("unbroadcast to the wrong shape", "self._add_grad(unbroadcast(grad * b, b.shape))\nother._add_grad(unbroadcast(grad * a, a.shape))"),
                F("right", "self._add_grad(unbroadcast(b * grad, self.shape))\nother._add_grad(unbroadcast(a * grad, other.shape))")],
        "sum": [F("keepdims ignored, always expand", "self._add_grad(np.broadcast_to(np.expand_dims(grad, axis), x.shape) if axis is not None else np.broadcast_to(grad, x.shape))"),
                F("right", "if axis is not None and not keepdims:\n    grad = np.expand_dims(grad, axis)\nself._add_grad(np.broadcast_to(grad, x.shape))")],
        "matmul": [F("swapped", "self._add_grad(a.T @ grad)\nother._add_grad(grad @ b.T)"),
                   F("transposes the result", "self._add_grad((b @ grad.T).T)\nother._add_grad((grad.T @ a).T)")],
    },
}
EXTRA = {}
