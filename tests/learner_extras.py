"""Extra learner behaviour in real kernels (a tool): checks through other
names, out of order, passing the wrong thing, hints and solutions, and lesson
09's board with a learner's own examples.

    cd tests && ../.venv/bin/python learner_extras.py /tmp/learner/run3
"""
import sys

import nbformat

import learner_kernel as lk

L01 = [
    "ex1.solution()",
    "ex1.hint(); ex1.hint(); ex1.hint(); ex1.hint()",
    "e = ex1\ne.check(my_slope)",
    "def go():\n    ex1.check(my_slope)\ngo()",
    "def slope2(f, x, h):\n    return (f(x + h) - f(x - h)) / (2 * h)\nex1.check(slope2)",
    "ex1.check(slope2(lambda x: x * x, 1.0, 0.1))",
    "ex1.check('slope2')",
    "ex1.check(undefined_name)",
    "def my_slope(f, x):\n    return 0\nex1.check(my_slope)",
    "def my_slope(f, x, h):\n    return (f(x + h) - f(x - h)) / (2 * h)\nex1.check(my_slope)",
    "ex1.solution()",
    "ex2.check(my_slope)",
    "def my_partials(a, b, c):\n    return {'a': b, 'b': a, 'c': 1}\nex2.check(my_partials)",
    "def my_partials(a, b, c):\n    return b, a, 1.0\nexercise = ex2\nexercise.check(my_partials)\nex2.check(my_partials)",
    "def my_partials(a, b, c):\n    print('debug', a)\n    return b, a\nex2.check(my_partials)",
    "import numpy as np\ndef my_partials(a, b, c):\n    return np.array([b, a, 1.0])\nex2.check(my_partials)",
    "def my_partials(a, b, c):\n    return (b, a, 1.0)\n    raise NotImplementedError\nex2.check(my_partials)",
    "def my_partials(a, b, c):\n    x = b\n    raise NotImplementedError\nex2.check(my_partials)",
]

L09 = [
    "board.test(lambda a: a.relu() + a, -1.5)",
    "board.test(lambda a: a ** 2 + a, 1.5)",
    "board.test(lambda a: 2 / a, 2.0)",
    "board.test(lambda a, b: a * b + b, 1.0, 2.0)",
    "board.test(lambda a: a.relu(), 1.5)",
    "board.test(lambda a: a.relu(), -1.5)",
    "board.test(lambda a: 1 / 0, 1.0)",
    "board.test(lambda a: a + 1, 'x')",
    "board.test(lambda a, b: a - b, 1.0)",
    "board.test(lambda a: 3.0, 1.0)",
    "board.test(lambda a: (a * a).exp() - 2, 0.3)",
    "board.test(lambda a: a.relu() + a, -1.5)",
    "print(board)",
    "board.answers()",
    "h = ex1\nh.check(lambda Value: True)",
]


def append(cells):
    def extra(nb):
        for src in cells:
            nb.cells.append(nbformat.v4.new_code_cell(src, metadata={"learner": "extra"}))
        return nb
    return extra


if __name__ == "__main__":
    where = lk.make_folder(sys.argv[1])
    for nn, cells in (("01", L01), ("09", L09)):
        print(f"===== lesson {nn} extras", flush=True)
        print(lk.run(where, nn, answers=[], extra=append(cells)), flush=True)
