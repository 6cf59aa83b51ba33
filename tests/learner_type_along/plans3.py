"""Run 3: lesson 05 as the edition has it (no stand-in cell before save_engine), with exp
wrong and rtruediv unwritten; stand_in run twice afterwards; then lesson 06 loading that
my_engine.py, with layer_call left unwritten; then 07 and 08."""
import plans
import plans2

F = lambda label, body: ("fill", label, body)

p05 = dict(plans2.PLANS["05"])
p05.pop("rtruediv")
p05["exp"] = [F("= for += (left wrong)", 'out = Value(math.exp(self.data), (self,), "exp")\ndef _backward():\n    self.grad = out.data * out.grad\nout._backward = _backward\nreturn out')]
p06 = dict(plans.PLANS["06"])
p06.pop("layer_call")
p06["mlp_parameters"] = [F("right", "return [p for layer in self.layers for p in layer.parameters()]")]

PLANS = {"05": p05, "06": p06, "07": plans.PLANS["07"]}

EXTRA = {
    "05": [("from your_engine import save_engine", [
        "piece.stand_in(Value)",
        "piece.stand_in(Value)  # run again",
    ])],
    "06": [("piece.stand_in(Module", ["piece.stand_in(Module, Neuron, Layer, MLP)  # run again"])],
}
