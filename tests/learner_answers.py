"""A learner's answers for tests/learner_kernel.py: for each lesson, the stub
cell's index and, after its check cell, (label, answer cell, checks run)."""

W, R = "wrong", "right"

ANSWERS = {
    "01": [
        (27, [(W, "def my_slope(f, x, h):\n    return (f(x + h) - f(x)) / h\n", 1),
              (R, "def my_slope(f, x, h):\n    up, down = f(x + h), f(x - h)\n    return 0.5 * (up - down) / h\n", 2)]),
        (30, [(W, "def my_partials(a, b, c):\n    return a, b, 1\n", 1),
              (R, "def my_partials(a, b, c):\n    return [float(b), float(a), 1]\n", 2)]),
    ],
    "02": [
        (51, [(W, "class MyValue:\n    def __init__(self, data, _children=(), _op='', label=''):\n        self.data = data\n        self._prev = tuple(_children)\n        self._op = _op\n        self.label = label\n    def __add__(self, other):\n        return MyValue(self.data + other.data, (other, self), '+')\n    def __mul__(self, other):\n        return MyValue(self.data * other.data, (other, self), '*')\n", 1),
              (R, "class MyValue:\n    def __init__(self, data, _children=(), _op='', label=''):\n        self.data = data\n        self._prev = tuple(_children)\n        self._op = _op\n        self.label = label\n    def _make(self, other, data, op):\n        return type(self)(data, _children=[self, other], _op=op)\n    def __add__(self, other):\n        return self._make(other, self.data + other.data, '+')\n    def __mul__(self, other):\n        return self._make(other, self.data * other.data, '*')\n", 2)]),
        (54, [(W, "def build(x, y, z):\n    return x + y * (y * z)\n", 1),
              (R, "def build(x, y, z):\n    return (y * z) * (x + y)\n", 2)]),
        (57, [(W, "def count_nodes(root):\n    return 1 + sum(count_nodes(c) for c in root._prev)\n", 1),
              (R, "def count_nodes(root):\n    seen = {}\n    todo = [root]\n    while todo:\n        v = todo.pop(0)\n        if id(v) in seen:\n            continue\n        seen[id(v)] = v\n        todo += list(v._prev)\n    return len(seen)\n", 2)]),
    ],
    "03": [
        (59, [(W, "def grads_by_hand(a, b, c, d):\n    p = a + b\n    q = p * c\n    return 1.0, 1.0, p, q\n", 1),
              (R, "def grads_by_hand(a, b, c, d):\n    p = a + b\n    q = p * c\n    g = {'q': d}\n    g['p'] = c * g['q']\n    return [g['p'], g['p'], p * d, q]\n", 2)]),
        (62, [(W, "def tanh_grad(x, t, out_grad):\n    return (1 - math.tanh(x)) ** 2 * out_grad\n", 1),
              (R, "def tanh_grad(x, t, out_grad):\n    return out_grad * (1 - math.tanh(x) ** 2)\n", 2)]),
        (65, [(W, "def step_up(leaves, lr):\n    for v in leaves:\n        v.data -= lr * v.grad\n", 1),
              (R, "def step_up(leaves, lr):\n    for i in range(len(leaves)):\n        leaves[i].data = leaves[i].data + leaves[i].grad * lr\n", 2)]),
    ],
    "04": [
        (43, [(W, "def sub(a, b):\n    out = Value(a.data - b.data, (a, b), '-')\n    def _backward():\n        a.grad = out.grad\n        b.grad = -out.grad\n    out._backward = _backward\n    return out\n", 1),
              (R, "def sub(a, b):\n    out = Value(a.data - b.data, (a, b), '-')\n    def _backward():\n        for v, sign in ((a, 1), (b, -1)):\n            v.grad = v.grad + sign * out.grad\n    out._backward = _backward\n    return out\n", 2)]),
        (46, [(W, "def topological_sort(root):\n    order, seen = [], set()\n    def visit(v):\n        if v not in seen:\n            seen.add(v)\n            for c in v._prev:\n                visit(c)\n            order.append(v)\n    visit(root)\n    return order\n", 1),
              (R, "def topological_sort(root):\n    # Kahn's algorithm on the reversed graph\n    parents, nodes, stack = {}, {id(root): root}, [root]\n    while stack:\n        v = stack.pop()\n        for c in v._prev:\n            parents[id(c)] = parents.get(id(c), 0) + 1\n            if id(c) not in nodes:\n                nodes[id(c)] = c\n                stack.append(c)\n    ready, out = [root], []\n    while ready:\n        v = ready.pop()\n        out.append(v)\n        for c in v._prev:\n            parents[id(c)] -= 1\n            if parents[id(c)] == 0:\n                ready.append(c)\n    return out[::-1]\n", 2)]),
    ],
    "05": [
        (49, [(W, "class Reflected(BareValue):\n    def __radd__(self, other):\n        return self + other\n    def __rmul__(self, other):\n        return self * other\n    def __rsub__(self, other):\n        return self - other\n    def __rtruediv__(self, other):\n        return self / other\n", 1),
              (R, "class Reflected(BareValue):\n    def __radd__(self, other):\n        return BareValue(other) + self\n    def __rmul__(self, other):\n        return BareValue(other) * self\n    def __rsub__(self, other):\n        return BareValue(other) - self\n    def __rtruediv__(self, other):\n        return BareValue(other) / self\n", 2)]),
        (52, [(W, "def sigmoid(v):\n    s = 1 / (1 + math.exp(-v.data))\n    out = Value(s, (v,), 'sigmoid')\n    def _backward():\n        v.grad += math.exp(-v.data) * out.grad\n    out._backward = _backward\n    return out\n", 1),
              (R, "def sigmoid(v):\n    e = math.exp(v.data)\n    out = Value(e / (e + 1), (v,), 'sigmoid')\n    def _backward():\n        v.grad += out.grad * e / (e + 1) ** 2\n    out._backward = _backward\n    return out\n", 2)]),
    ],
    "06": [
        (40, [(W, "def count_parameters(nin, nouts):\n    sizes = [nin] + nouts\n    return sum(a * b for a, b in zip(sizes, sizes[1:]))\n", 1),
              (R, "def count_parameters(nin, nouts):\n    total, fan_in = 0, nin\n    for n in nouts:\n        total += n * fan_in + n\n        fan_in = n\n    return total\n", 2)]),
        (43, [(W, "def layer_call(layer, x):\n    return [n(x) for n in layer.neurons]\n", 1),
              (R, "def layer_call(layer, x):\n    outs = list(map(lambda n: n(x), layer.neurons))\n    if len(outs) == 1:\n        return outs[0]\n    return outs\n", 2)]),
        (46, [(W, "def parameters_of(mlp):\n    return [n.w for layer in mlp.layers for n in layer.neurons]\n", 1),
              (R, "def parameters_of(mlp):\n    ps = []\n    for layer in mlp.layers:\n        for neuron in layer.neurons:\n            ps.extend(neuron.w)\n            ps.append(neuron.b)\n    return ps\n", 2)]),
    ],
    "07": [
        (35, [(W, "def squared_error(ypred, ys):\n    return sum(yp - yt for yp, yt in zip(ypred, ys))\n", 1),
              (R, "def squared_error(ypred, ys):\n    total = 0\n    for i in range(len(ys)):\n        d = ypred[i] - ys[i]\n        total = total + d * d\n    return total\n", 2)]),
        (38, [(W, "def train_step(model, xs, ys, lr):\n    loss = sum((model(x) - y) ** 2 for x, y in zip(xs, ys))\n    loss.backward()\n    for p in model.parameters():\n        p.data -= lr * p.grad\n    return loss\n", 1),
              (R, "def train_step(model, xs, ys, lr):\n    for p in model.parameters():\n        p.grad = 0.0\n    loss = Value(0.0)\n    for x, y in zip(xs, ys):\n        loss = loss + (model(x) - y) ** 2\n    loss.backward()\n    for p in model.parameters():\n        p.data += -lr * p.grad\n    return loss\n", 2)]),
        (41, [(W, "def divergent_lr():\n    return 0.05\n", 1),
              (R, "def divergent_lr():\n    return 5\n", 2)]),
    ],
    "08": [
        (38, [(W, "def accuracy(scores, ys):\n    return sum(1 for s, y in zip(scores, ys) if (s > 0) == (y > 0))\n", 1),
              (R, "def accuracy(scores, ys):\n    import numpy as np\n    s = np.array([getattr(v, 'data', v) for v in scores])\n    return float(np.mean(np.sign(s) == np.sign(ys)))\n", 2)]),
        (41, [(W, "def margin_loss(score, y):\n    return 1 - y * score\n", 1),
              (R, "def margin_loss(score, y):\n    return (-score * y + 1).relu()\n", 2)]),
        (44, [(W, "def learning_rate(k, steps):\n    return 1.0\n", 1),
              (R, "def learning_rate(k, steps):\n    frac = k / steps\n    return 1 - frac * 0.9\n", 2)]),
    ],
    "09": [
        (68, [(W, "def check_relu(Value):\n    return Value is RefValue\n", 1),
              (R, "def check_relu(Value):\n    ok = True\n    for x in [-2.0, -0.5, 0.7, 3.0]:\n        a = Value(x)\n        out = a.relu() * 1 + a.relu()\n        out.backward()\n        ok = ok and abs(out.data - 2 * max(x, 0)) < 1e-9 and abs(a.grad - (2.0 if x > 0 else 0.0)) < 1e-9\n    return ok\n", 2)]),
        (71, [(W, "def check_exp(Value):\n    a = Value(0.0)\n    e = a.exp()\n    e.backward()\n    return e.data == 1.0 and a.grad == 1.0\n", 1),
              (R, "def check_exp(Value):\n    for x in [0.3, -1.1, 1.7]:\n        a = Value(x)\n        y = a.exp() * a.exp()\n        y.backward()\n        if abs(y.data - math.exp(2 * x)) > 1e-9 or type(a.grad) not in (int, float) or abs(a.grad - 2 * math.exp(2 * x)) > 1e-9:\n            return False\n    return True\n", 2)]),
        (74, [(W, "def check_rsub(Value):\n    a = Value(3.0)\n    y = (5 - a) ** 2\n    return abs(y.data - 4.0) < 1e-9\n", 1),
              (R, "def check_rsub(Value):\n    a = Value(1.25)\n    y = 7 - a\n    y.backward()\n    return math.isclose(y.data, 5.75) and math.isclose(a.grad, -1)\n", 2)]),
        (77, [(W, "def check_walk(trace):\n    nodes, edges = trace(doubled(RefValue(0.5), 5))\n    return len(nodes) > 0\n", 1),
              (R, "def check_walk(trace):\n    for build in (doubled, diamonds):\n        root = build(RefValue(1.5), 8)\n        nodes, edges = trace(root)\n        want_n, want_e = ref_trace(root)\n        if set(map(id, nodes)) != set(map(id, want_n)):\n            return False\n        if {(id(a), id(b)) for a, b in edges} != {(id(a), id(b)) for a, b in want_e}:\n            return False\n        if walk_work(trace, root) > count_values(root):\n            return False\n    return True\n", 2)]),
    ],
    "10": [
        (63, [(W, "def scale_columns_backward(x, s, grad):\n    return grad * s, grad * x\n", 1),
              (R, "def scale_columns_backward(x, s, grad):\n    dx = np.einsum('ij,j->ij', grad, s)\n    ds = np.einsum('ij,ij->j', grad, x)\n    return dx, ds\n", 2)]),
        (66, [(W, "def matmul_backward(A, B, G):\n    return G @ B, A @ G\n", 1),
              (R, "def matmul_backward(A, B, G):\n    return np.dot(G, B.transpose()), np.transpose(A).dot(G)\n", 2)]),
        (69, [(W, "def dense_relu(x, W, b):\n    return (x @ W).relu() + b\n", 1),
              (R, "def dense_relu(x, W, b):\n    z = x @ W\n    z = z + b\n    return z.relu()\n", 2)]),
    ],
}

# A second round: other wrong answers a learner writes (and a few right ones).
ANSWERS2 = {
    "01": [
        (27, [(W, "def my_slope(f, x, h):\n    return (f(x + h) - f(x - h)) / h\n", 1),
              (R, "def my_slope(f, x, h):\n    return numerical_grad(f, x, h)\n", 1)]),
        (30, [(W, "def my_partials(a, b, c):\n    return b, a, 0\n", 1)]),
    ],
    "02": [
        (51, [(W, "class MyValue:\n    def __init__(self, data, _children=(), _op='', label=''):\n        self.data = data\n        self._prev = set(_children)\n        self._op = _op\n        self.label = label\n    def __add__(self, other):\n        return MyValue(self.data + other.data, {self, other}, '+')\n    def __mul__(self, other):\n        return MyValue(self.data * other.data, {self, other}, '*')\n", 1),
              (W, "class MyValue:\n    def __init__(self, data, _children=(), _op='', label=''):\n        self.data = data\n        self._prev = tuple(_children)\n        self._op = _op\n        self.label = label\n    def __add__(self, other):\n        return self.data + other.data\n    def __mul__(self, other):\n        return self.data * other.data\n", 1)]),
        (54, [(W, "def build(x, y, z):\n    return MyValue((x.data + y.data) * (y.data * z.data))\n", 1),
              (W, "def build(x, y, z):\n    y2 = MyValue(y.data)\n    return (x + y) * (y2 * z)\n", 1)]),
        (57, [(W, "def count_nodes(root):\n    seen = set()\n    def walk(v):\n        seen.add(v.data)\n        for c in v._prev:\n            walk(c)\n    walk(root)\n    return len(seen)\n", 1),
              (W, "def count_nodes(root):\n    return len(root._prev)\n", 1)]),
    ],
    "03": [
        (59, [(W, "def grads_by_hand(a, b, c, d):\n    p = a + b\n    q = p * c\n    return (c * d, c * d, p * d)\n", 1)]),
        (62, [(W, "def tanh_grad(x, t, out_grad):\n    return 1 - t ** 2\n", 1)]),
        (65, [(W, "def step_up(leaves, lr):\n    for v in leaves:\n        v.grad += lr * v.grad\n", 1),
              (W, "def step_up(leaves, lr):\n    return [v.data + lr * v.grad for v in leaves]\n", 1)]),
    ],
    "04": [
        (43, [(W, "def sub(a, b):\n    out = Value(a.data - b.data, (a, b), '-')\n    def _backward():\n        a.grad += out.grad\n        b.grad += out.grad\n    out._backward = _backward\n    return out\n", 1),
              (W, "def sub(a, b):\n    return Value(a.data - b.data, (a, b), '-')\n", 1)]),
        (46, [(W, "def topological_sort(root):\n    order, seen, stack = [], set(), [root]\n    while stack:\n        v = stack.pop()\n        if v not in seen:\n            seen.add(v)\n            order.append(v)\n            stack.extend(v._prev)\n    return order\n", 1),
              (R, "def topological_sort(root):\n    order, seen, stack = [], set(), [root]\n    while stack:\n        v = stack.pop()\n        if v not in seen:\n            seen.add(v)\n            order.append(v)\n            stack.extend(v._prev)\n    # parents first, then reversed: a DFS preorder reversed is not enough in general\n    return topo_dfs(root)\n\ndef topo_dfs(root):\n    out, done, st = [], set(), [iter([root])]\n    while st:\n        for v in st[-1]:\n            if v not in done:\n                done.add(v)\n                st.append(iter(v._prev))\n                st[-1].owner = None if False else None\n                break\n        else:\n            st.pop()\n    return out\n", 1)]),
    ],
    "05": [
        (49, [(W, "class Reflected(BareValue):\n    def __radd__(self, other):\n        return self + other\n    def __rmul__(self, other):\n        return self * other\n    def __rsub__(self, other):\n        return other - self.data\n    def __rtruediv__(self, other):\n        return other / self.data\n", 1),
              (W, "class Reflected(BareValue):\n    def __radd__(self, other):\n        return self + other\n    def __rmul__(self, other):\n        return self * other\n    def __rsub__(self, other):\n        return -self + other\n    def __rtruediv__(self, other):\n        raise NotImplementedError  # your code here\n", 1)]),
        (52, [(W, "def sigmoid(v):\n    return 1 / (1 + (-v).exp())\n", 1),
              (W, "def sigmoid(v):\n    s = 1 / (1 + math.exp(-v.data))\n    v.data = s\n    return v\n", 1)]),
    ],
    "06": [
        (40, [(W, "def count_parameters(nin, nouts):\n    return sum((nin + 1) * n for n in nouts)\n", 1)]),
        (43, [(W, "def layer_call(layer, x):\n    return layer.neurons[0](x)\n", 1)]),
        (46, [(W, "def parameters_of(mlp):\n    return (p for layer in mlp.layers for n in layer.neurons for p in n.w + [n.b])\n", 1),
              (W, "def parameters_of(mlp):\n    return [p.data for p in mlp.parameters()]\n", 1)]),
    ],
    "07": [
        (35, [(W, "def squared_error(ypred, ys):\n    return sum(((yp - yt) ** 2).data for yp, yt in zip(ypred, ys))\n", 1),
              (W, "def squared_error(ypred, ys):\n    return sum(yp - yt for yp, yt in zip(ypred, ys)) ** 2\n", 1)]),
        (38, [(W, "def train_step(model, xs, ys, lr):\n    loss = sum((model(x) - y) ** 2 for x, y in zip(xs, ys))\n    model.zero_grad()\n    loss.backward()\n    for p in model.parameters():\n        p.data -= 0.05 * p.grad\n    return loss\n", 1),
              (W, "def train_step(model, xs, ys, lr):\n    loss = sum((model(x) - y) ** 2 for x, y in zip(xs, ys))\n    model.zero_grad()\n    loss.backward()\n    for p in model.parameters():\n        p.data -= lr * p.grad\n", 1)]),
        (41, [(W, "def divergent_lr():\n    return float('inf')\n", 1), (W, "def divergent_lr():\n    return '2.0'\n", 1),
              (W, "def divergent_lr():\n    return -1\n", 1)]),
    ],
    "08": [
        (38, [(W, "def accuracy(scores, ys):\n    return 100 * sum((s.data > 0) == (y > 0) for s, y in zip(scores, ys)) / len(ys)\n", 1),
              (W, "def accuracy(scores, ys):\n    return sum((s.data > 0) != (y > 0) for s, y in zip(scores, ys)) / len(ys)\n", 1)]),
        (41, [(W, "def margin_loss(score, y):\n    return 1 - (y * score).relu()\n", 1),
              (W, "def margin_loss(score, y):\n    return (1 - score).relu()\n", 1)]),
        (44, [(W, "def learning_rate(k, steps):\n    return 1 - k / steps\n", 1),
              (W, "def learning_rate(k, steps):\n    return f'{1 - 0.9 * k / steps}'\n", 1)]),
    ],
    "09": [
        (77, [(W, "def check_walk(trace):\n    root = diamonds(RefValue(0.5), 6)\n    return trace(root) == ref_trace(root)\n", 1),
              (W, "def check_walk(trace):\n    root = doubled(RefValue(0.5), 10)\n    return walk_work(trace, root) <= count_values(root)\n", 1)]),
    ],
    "10": [
        (63, [(W, "def scale_columns_backward(x, s, grad):\n    grad *= s\n    return grad, (grad * x).sum(axis=0)\n", 1),
              (W, "def scale_columns_backward(x, s, grad):\n    return grad * s, (grad * x).sum(axis=1)\n", 1),
              (W, "def scale_columns_backward(x, s, grad):\n    return grad * s, (grad * x).sum(axis=0, keepdims=True)\n", 1)]),
        (66, [(W, "def matmul_backward(A, B, G):\n    return B.T @ G, G @ A.T\n", 1)]),
        (69, [(W, "def dense_relu(x, W, b):\n    return np.maximum(x.data @ W.data + b.data, 0)\n", 1),
              (W, "def dense_relu(x, W, b):\n    return (x @ W).relu()\n", 1)]),
    ],
}
