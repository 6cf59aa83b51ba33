"""Run 6: a stub's raise left in place, above or below the learner's code (lesson 04),
and lesson 02's check run before the stub cell was run again."""

F = lambda label, body: ("fill", label, body)
RAISE = 'raise NotImplementedError("write this piece, run the cell, then its check below")'

PLANS = {
    "04": {
        "add_backward": [F("code above the raise", "self.grad += out.grad\nother.grad += out.grad\n" + RAISE),
                         F("code below the raise", RAISE + "\nself.grad += out.grad\nother.grad += out.grad"),
                         F("right", "self.grad += out.grad\nother.grad += out.grad")],
        "mul_backward": [F("comment kept, pass", "# TYPE ALONG: add to self.grad ...\npass"),
                         F("right", "self.grad += other.data * out.grad\nother.grad += self.data * out.grad")],
    },
}
EXTRA = {}
