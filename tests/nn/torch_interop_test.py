"""topae against PyTorch on the same weights (llm.c style).

1. Forward: every network topae trains, rebuilt from model.json with torch.nn (Linear +
   activation modules, float32, and F.normalize for sphere, circle and torus latents),
   reproduces `topae score`'s latent codes z_*, reconstructions rec_*, error and distance;
   for every activation topae supports, also with weights scaled up so that pre-activations
   reach the far branches (softplus threshold, saturated sigmoid).
2. Gradients: one full-batch plain-SGD step in topae equals one in torch, for every
   activation and for sphere and torus latents.
3. Optimizers: 20 full-batch steps of Adam, AdamW, Adam with L2 weight decay, SGD with
   momentum and Nesterov SGD from the same initial weights end at the same weights, and
   topae's recorded loss history equals torch's loss before each step.

Initial weights: `topae train --epochs 1 --lr 1e-30` with a seed writes the seed's
initialisation, practically unchanged (updates of order 1e-29).
"""

import os
import re
import shutil
import sys
import tempfile
import unittest

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pylib"))
import topae_cli  # noqa: E402

torch.set_num_threads(1)

# topae's activations and their PyTorch definitions (slopes, alphas, thresholds spelled out).
TORCH_ACTIVATIONS = {
    "identity": lambda: torch.nn.Identity(),
    "tanh": lambda: torch.nn.Tanh(),
    "relu": lambda: torch.nn.ReLU(),
    "leaky_relu": lambda: torch.nn.LeakyReLU(negative_slope=0.01),
    "elu": lambda: torch.nn.ELU(alpha=1.0),
    "selu": lambda: torch.nn.SELU(),
    "silu": lambda: torch.nn.SiLU(),
    "gelu": lambda: torch.nn.GELU(approximate="none"),
    "softplus": lambda: torch.nn.Softplus(beta=1.0, threshold=20.0),
    "sigmoid": lambda: torch.nn.Sigmoid(),
}


def build_mlp(layers):
    """torch.nn.Sequential (float32) from a model.json layer list."""
    modules = []
    for layer in layers:
        if layer["type"] == "dense":
            lin = torch.nn.Linear(layer["in"], layer["out"])
            with torch.no_grad():
                lin.weight.copy_(torch.tensor(layer["weight"], dtype=torch.float64).float())
                lin.bias.copy_(torch.tensor(layer["bias"], dtype=torch.float64).float())
            modules.append(lin)
        elif layer["type"] == "activation":
            modules.append(TORCH_ACTIVATIONS[layer["name"]]())
        else:
            raise ValueError(f"unknown layer type {layer['type']!r}")
    return torch.nn.Sequential(*modules)


def latent_map(geometry, k):
    """topae's latent geometry in torch: the identity, or unit blocks by F.normalize (eps 1e-12)."""
    normalize = torch.nn.functional.normalize
    if geometry == "euclidean":
        return lambda h: h
    if geometry in ("sphere", "circle"):
        return lambda h: normalize(h, dim=1)
    if geometry == "torus":
        return lambda h: normalize(h.reshape(-1, k, 2), dim=2).reshape(-1, 2 * k)
    raise ValueError(f"unknown latent geometry {geometry!r}")


def code_dim(model):
    """The size of the code the decoder sees (score's z_1 .. columns)."""
    k = model["latent_dim"]
    return {"euclidean": k, "sphere": k + 1, "circle": 2, "torus": 2 * k}[model["latent_geometry"]]


class TorchAutoencoder:
    """The network of a topae model.json in torch: standardize, encode, map onto the latent
    geometry, decode."""

    def __init__(self, model):
        assert model["format"] == "topae-model" and model["version"] == 1
        self.geometry = latent_map(model["latent_geometry"], model["latent_dim"])
        self.model = model
        self.columns = model["columns"]
        self.mean = np.array(model["standardizer"]["mean"], dtype=np.float64)
        self.std = np.array(model["standardizer"]["std"], dtype=np.float64)
        self.encoder = build_mlp(model["encoder"])
        self.decoder = build_mlp(model["decoder"])

    def standardize(self, raw):
        """raw: (n, D) float64 -> (n, D) float32 tensor, as topae: (x - mean) / std in double, then float."""
        return torch.from_numpy(((raw - self.mean) / self.std).astype(np.float32))

    def forward(self, x):
        z = self.geometry(self.encoder(x))
        return z, self.decoder(z)

    def parameters(self):
        return list(self.encoder.parameters()) + list(self.decoder.parameters())

    def dense_layers(self):
        return [m for m in list(self.encoder) + list(self.decoder) if isinstance(m, torch.nn.Linear)]


def dense_params(model):
    """[(weight (out, in), bias (out,))] float64 arrays of every dense layer of a model.json, encoder first."""
    return [(np.array(l["weight"], dtype=np.float64), np.array(l["bias"], dtype=np.float64))
            for part in ("encoder", "decoder") for l in model[part] if l["type"] == "dense"]


def torch_params(net):
    return [(lin.weight.detach().double().numpy(), lin.bias.detach().double().numpy()) for lin in net.dense_layers()]


def topae_loss(r, x):
    """topae's training loss: mean over events of the sum over features of squared errors."""
    return ((r - x) ** 2).sum(dim=1).mean()


def read_matrix(path, names):
    _, cols = topae_cli.read_csv(path)
    return np.column_stack([np.array(cols[n], dtype=np.float64) for n in names])


def write_manifold5(path, n, seed):
    """A 2-D manifold in 5-D with features of different offsets and scales, plus noise."""
    rng = np.random.default_rng(seed)
    u = rng.uniform(-1.5, 1.5, n)
    v = rng.uniform(-1.0, 1.0, n)
    cols = {
        "a": 3.0 + 2.0 * np.cos(u) * (1 + 0.3 * v),
        "b": -1.0 + 0.5 * np.sin(u) + 0.1 * v,
        "c": 10.0 * v * v - 4.0,
        "d": 0.01 * (u + v) + 0.002,
        "e": np.exp(0.5 * u) + v,
    }
    for k in cols:
        cols[k] = cols[k] + 0.02 * np.std(cols[k]) * rng.standard_normal(n)
    topae_cli.write_csv(path, cols)
    return list(cols)


def assert_close(actual, expected, tol, what):
    """|actual - expected| <= tol elementwise, tol a scalar or an array like expected."""
    actual = np.asarray(actual, dtype=np.float64)
    expected = np.asarray(expected, dtype=np.float64)
    diff = np.abs(actual - expected)
    bad = ~(diff <= tol)
    if bad.any():
        tol = np.broadcast_to(tol, diff.shape)
        i = np.unravel_index(np.argmax(np.where(bad, diff / np.maximum(tol, 1e-300), 0)), diff.shape)
        raise AssertionError(f"{what}: {int(bad.sum())} of {diff.size} entries differ beyond tolerance; worst at "
                             f"{tuple(int(j) for j in i)}: {actual[i]!r} vs {expected[i]!r} (tolerance {tol[i]:.3g})")


class ForwardParityMixin:
    def assert_scores_match(self, model_path, data_path, names):
        """Scores data with topae and torch; z, rec, error, distance must agree."""
        model = topae_cli.load_model(model_path)
        net = TorchAutoencoder(model)
        self.assertEqual(net.columns, names)
        scores_path = os.path.join(os.path.dirname(model_path), os.path.basename(model_path) + ".scores.csv")
        topae_cli.score(model_path, data_path, scores_path)
        _, cols = topae_cli.read_csv(scores_path)
        k = code_dim(model)
        expected_header = ["error", "distance"] + [f"z_{i}" for i in range(1, k + 1)] + [f"rec_{c}" for c in names]
        self.assertEqual(list(cols)[:len(expected_header)], expected_header)

        raw = read_matrix(data_path, names)
        x = net.standardize(raw)
        with torch.no_grad():
            z, r = net.forward(x)
        z = z.double().numpy()
        r = r.double().numpy()
        z_topae = np.column_stack([cols[f"z_{i}"] for i in range(1, k + 1)])
        rec_topae = np.column_stack([cols[f"rec_{c}"] for c in names])
        # Absolute 1e-5 on the standardized scale, or relative 1e-5 where the network's
        # outputs are large (the scaled-up networks below).
        z_scale = max(1.0, float(np.abs(z).max()))
        np.testing.assert_allclose(z_topae, z, rtol=1e-5, atol=1e-5 * z_scale, err_msg=f"{model_path}: latent z")
        rec_torch = r * net.std + net.mean
        r_scale = max(1.0, float(np.abs(r).max()))
        # rec_* is in raw units: compare on the standardized scale, column by column.
        np.testing.assert_allclose((rec_topae - net.mean) / net.std, r, rtol=1e-5, atol=1e-5 * r_scale,
                                   err_msg=f"{model_path}: reconstruction rec_* (standardized)")
        xs = x.double().numpy()
        error_torch = ((r - xs) ** 2).sum(axis=1)
        err_scale = max(1.0, float(np.abs(r).max()), float(np.abs(xs).max()))
        # The reconstruction agrees to about 1e-5 * err_scale per feature, so error (a sum of
        # squares of r - x) agrees to about 2 sqrt(error) times that.
        assert_close(cols["error"], error_torch,
                     1e-5 * error_torch + 2e-5 * err_scale * np.sqrt(error_torch) + 1e-10, f"{model_path}: error")
        distance_torch = np.sqrt(((rec_torch - raw) ** 2).sum(axis=1))
        np.testing.assert_allclose(cols["distance"], distance_torch, rtol=1e-5,
                                   atol=1e-5 * r_scale * float(np.linalg.norm(net.std)),
                                   err_msg=f"{model_path}: distance")
        # error is in standardized units: sum_j ((rec_j - x_j) / std_j)^2 of the raw columns.
        error_from_raw = (((rec_topae - raw) / net.std) ** 2).sum(axis=1)
        np.testing.assert_allclose(cols["error"], error_from_raw, rtol=1e-4, atol=1e-6 * err_scale,
                                   err_msg=f"{model_path}: error vs rec_* in standardized units")
        return model


class ForwardTest(ForwardParityMixin, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="topae-torch-")
        cls.circle_train = topae_cli.generate_circle(os.path.join(cls.tmp, "circle_train.csv"), n=2000, seed=11,
                                                     noise=0.05, radius=2.0)
        cls.circle_test = topae_cli.generate_circle(os.path.join(cls.tmp, "circle_test.csv"), n=1000, seed=12,
                                                    noise=0.2, radius=2.0)
        cls.m5_train = os.path.join(cls.tmp, "m5_train.csv")
        cls.m5_test = os.path.join(cls.tmp, "m5_test.csv")
        cls.m5_names = write_manifold5(cls.m5_train, 2000, seed=21)
        write_manifold5(cls.m5_test, 1000, seed=22)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_all_activations_are_covered(self):
        """The activations `topae train --help` lists are exactly the ones this test maps to torch."""
        lines = topae_cli.run("train", "--help").stdout.splitlines()
        start = next(i for i, l in enumerate(lines) if l.strip().startswith("--activation"))
        entry = lines[start]
        for l in lines[start + 1:]:  # the description may wrap onto continuation lines
            if l.strip().startswith("-") or not l.strip():
                break
            entry += " " + l.strip()
        lists = re.findall(r"[a-z_]+(?:\s*,\s*[a-z_]+)+", entry.split("=", 1)[-1])
        self.assertTrue(lists, f"no list of activations in {entry!r}")
        listed = {a.strip() for a in max(lists, key=len).split(",")}
        self.assertEqual(listed, set(TORCH_ACTIVATIONS), "activations in `topae train --help` vs this test")

    def test_circle_tanh_2_16_16_1(self):
        path = os.path.join(self.tmp, "circle_tanh.json")
        model = topae_cli.train(self.circle_train, path, latent=1, hidden=[16, 16], activation="tanh", epochs=30,
                                batch=64, seed=3)
        dims = [(l["in"], l["out"]) for l in model["encoder"] + model["decoder"] if l["type"] == "dense"]
        self.assertEqual(dims, [(2, 16), (16, 16), (16, 1), (1, 16), (16, 16), (16, 2)])
        self.assert_scores_match(path, self.circle_test, ["x", "y"])

    def test_every_latent_geometry(self):
        """Sphere, circle and torus latents: the code is the encoder's output in unit blocks."""
        sphere_train = os.path.join(self.tmp, "sphere_train.csv")
        sphere_test = os.path.join(self.tmp, "sphere_test.csv")
        topae_cli.run("generate", "sphere", "--n", 2000, "--seed", 31, "--quiet", "-o", sphere_train)
        topae_cli.run("generate", "sphere", "--n", 1000, "--seed", 32, "--noise", 0.1, "--quiet", "-o", sphere_test)
        for geometry, k, train, test, names, code in (
                ("sphere", 2, sphere_train, sphere_test, ["x", "y", "z"], 3),
                ("circle", 1, self.circle_train, self.circle_test, ["x", "y"], 2),
                ("torus", 2, self.m5_train, self.m5_test, self.m5_names, 4)):
            with self.subTest(geometry=geometry):
                path = os.path.join(self.tmp, f"{geometry}.json")
                model = topae_cli.train(train, path, latent=k, latent_geometry=geometry, hidden=[16, 12],
                                        epochs=20, batch=64, seed=7, columns=names)
                self.assertEqual((model["latent_dim"], model["latent_geometry"]), (k, geometry))
                dense = [l for l in model["encoder"] + model["decoder"] if l["type"] == "dense"]
                self.assertEqual((dense[2]["out"], dense[3]["in"]), (code, code), "encoder out, decoder in")
                self.assert_scores_match(path, test, names)

    def test_every_activation_5d(self):
        for i, activation in enumerate(sorted(TORCH_ACTIVATIONS)):
            with self.subTest(activation=activation):
                path = os.path.join(self.tmp, f"m5_{activation}.json")
                model = topae_cli.train(self.m5_train, path, latent=2, hidden=[12, 8], activation=activation,
                                        epochs=5, batch=100, seed=100 + i)
                self.assertEqual(model["training"]["autoencoder"]["activation"], activation)
                names = [l["name"] for l in model["encoder"] + model["decoder"] if l["type"] == "activation"]
                # Hidden layers carry the activation; identity needs no layer at all.
                self.assertTrue(all(n == activation for n in names), names)
                if activation != "identity":
                    self.assertEqual(len(names), 4)
                self.assert_scores_match(path, self.m5_test, self.m5_names)

    def test_every_activation_far_branches(self):
        """Weights scaled up so pre-activations span about +-50: both sides of every kink,
        softplus past its threshold of 20, saturated sigmoid and tanh."""
        for i, activation in enumerate(sorted(TORCH_ACTIVATIONS)):
            with self.subTest(activation=activation):
                path = os.path.join(self.tmp, f"m5_big_{activation}.json")
                model = topae_cli.train(self.m5_train, path, latent=2, hidden=[12, 8], activation=activation,
                                        epochs=1, batch=100, seed=200 + i)
                first = model["encoder"][0]
                first["weight"] = [[20.0 * w for w in row] for row in first["weight"]]
                first["bias"] = [20.0 * b for b in first["bias"]]
                topae_cli.save_model(model, path)
                net = TorchAutoencoder(model)
                with torch.no_grad():
                    pre = net.encoder[0](net.standardize(read_matrix(self.m5_test, self.m5_names)))
                self.assertGreater(float(pre.max()), 21.0)
                self.assertLess(float(pre.min()), -21.0)
                self.assert_scores_match(path, self.m5_test, self.m5_names)


def full_batch(n_events, seed, **options):
    return dict(batch=n_events, validation=0, seed=seed, threads=1, **options)


class TrainingParityTest(unittest.TestCase):
    N = 500

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="topae-torch-train-")
        cls.circle = topae_cli.generate_circle(os.path.join(cls.tmp, "circle.csv"), n=cls.N, seed=5, noise=0.1)
        cls.m5 = os.path.join(cls.tmp, "m5.csv")
        cls.m5_names = write_manifold5(cls.m5, cls.N, seed=31)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def initial(self, data, tag, **options):
        """Model JSON of the seed's initial weights (one step with lr 1e-30)."""
        path = os.path.join(self.tmp, f"{tag}_init.json")
        opts = dict(options)
        opts.update(epochs=1, lr=1e-30)
        return topae_cli.train(data, path, **opts)

    def trained(self, data, tag, **options):
        return topae_cli.train(data, os.path.join(self.tmp, f"{tag}_trained.json"), **options)

    def check_weights(self, tag, init, torch_final, topae_final, rtol):
        """Final weights agree to rtol (relative to each tensor's largest entry), and the change
        made by training is far larger than the disagreement (so the comparison means something)."""
        init_p = dense_params(init)
        worst_change = 0.0
        for i, ((wt, bt), (wc, bc), (w0, b0)) in enumerate(zip(torch_final, dense_params(topae_final), init_p)):
            for name, t, c, c0 in (("weight", wt, wc, w0), ("bias", bt, bc, b0)):
                scale = max(float(np.abs(t).max()), 1e-3)
                np.testing.assert_allclose(c, t, rtol=rtol, atol=rtol * scale,
                                           err_msg=f"{tag}: dense layer {i + 1} {name}")
                worst_change = max(worst_change, float(np.abs(c - c0).max()))
        self.assertGreater(worst_change, 1e-3, f"{tag}: training barely moved the weights")

    def test_initial_weights_are_unchanged_by_tiny_lr(self):
        """The --lr 1e-30 trick: adam and sgd (whose updates differ) give the same weights."""
        common = full_batch(self.N, seed=9, latent=1, hidden=[16, 16])
        a = self.initial(self.circle, "tiny_adam", optimizer="adam", **common)
        s = self.initial(self.circle, "tiny_sgd", optimizer="sgd", momentum=0, **common)
        for (wa, ba), (ws, bs) in zip(dense_params(a), dense_params(s)):
            np.testing.assert_array_equal(wa, ws)
            np.testing.assert_array_equal(ba, bs)

    def test_one_sgd_step_gradients_every_activation(self):
        """One full-batch SGD step without momentum: (init - final) / lr is topae's gradient."""
        lr = 0.05
        for i, activation in enumerate(sorted(TORCH_ACTIVATIONS)):
            with self.subTest(activation=activation):
                common = full_batch(self.N, seed=300 + i, latent=2, hidden=[12, 8], activation=activation,
                                    optimizer="sgd", momentum=0)
                init = self.initial(self.m5, f"grad_{activation}", **common)
                final = self.trained(self.m5, f"grad_{activation}", epochs=1, lr=lr, **common)
                net = TorchAutoencoder(init)
                x = net.standardize(read_matrix(self.m5, self.m5_names))
                _, r = net.forward(x)
                loss = topae_loss(r, x)
                loss.backward()
                for j, (lin, (w0, b0), (w1, b1)) in enumerate(
                        zip(net.dense_layers(), dense_params(init), dense_params(final))):
                    for name, g_torch, p0, p1 in (("weight", lin.weight.grad, w0, w1), ("bias", lin.bias.grad, b0, b1)):
                        g_torch = g_torch.double().numpy()
                        g_topae = (p0 - p1) / lr
                        scale = float(np.abs(g_torch).max())
                        # The update lr*g is rounded to float32 against the weights: allow for it.
                        slack = 4 * np.finfo(np.float32).eps * float(np.abs(p0).max()) / lr
                        np.testing.assert_allclose(g_topae, g_torch, rtol=1e-3, atol=1e-4 * scale + slack,
                                                   err_msg=f"{activation}: gradient of dense layer {j + 1} {name}")
                self.assertAlmostEqual(final["training"]["final_train_loss"], float(loss), delta=1e-5 * float(loss))

    def test_one_sgd_step_gradients_sphere_and_torus_latents(self):
        """The normalisations' backward passes, against torch's autograd through F.normalize."""
        lr = 0.05
        for geometry, k in (("sphere", 2), ("torus", 2)):
            with self.subTest(geometry=geometry):
                common = full_batch(self.N, seed=400, latent=k, latent_geometry=geometry, hidden=[12, 8],
                                    activation="tanh", optimizer="sgd", momentum=0)
                init = self.initial(self.m5, f"grad_{geometry}", **common)
                final = self.trained(self.m5, f"grad_{geometry}", epochs=1, lr=lr, **common)
                net = TorchAutoencoder(init)
                x = net.standardize(read_matrix(self.m5, self.m5_names))
                _, r = net.forward(x)
                topae_loss(r, x).backward()
                for j, (lin, (w0, _), (w1, _)) in enumerate(
                        zip(net.dense_layers(), dense_params(init), dense_params(final))):
                    g_torch = lin.weight.grad.double().numpy()
                    slack = 4 * np.finfo(np.float32).eps * float(np.abs(w0).max()) / lr
                    np.testing.assert_allclose((w0 - w1) / lr, g_torch, rtol=1e-3,
                                               atol=1e-4 * float(np.abs(g_torch).max()) + slack,
                                               err_msg=f"{geometry}: gradient of dense layer {j + 1} weight")

    def run_optimizer_case(self, tag, data, names, steps, lr, torch_optimizer, rtol=1e-4, **options):
        common = full_batch(self.N, **options)
        init = self.initial(data, tag, **common)
        final = self.trained(data, tag, epochs=steps, lr=lr, **common)
        net = TorchAutoencoder(init)
        x = net.standardize(read_matrix(data, names))
        opt = torch_optimizer(net.parameters(), lr)
        losses = []
        for _ in range(steps):
            opt.zero_grad()
            _, r = net.forward(x)
            loss = topae_loss(r, x)
            losses.append(float(loss))
            loss.backward()
            opt.step()
        self.check_weights(tag, init, torch_params(net), final, rtol)
        history = final["training"]["loss_history"]["train"]
        self.assertEqual(len(history), steps)
        np.testing.assert_allclose(history, losses, rtol=1e-5, err_msg=f"{tag}: loss history")

    def test_adam_20_steps(self):
        self.run_optimizer_case("adam", self.circle, ["x", "y"], 20, 1e-3,
                                lambda p, lr: torch.optim.Adam(p, lr=lr, betas=(0.9, 0.999), eps=1e-8),
                                seed=7, latent=1, hidden=[16, 16], activation="tanh", optimizer="adam")

    def test_adam_l2_weight_decay_20_steps(self):
        self.run_optimizer_case("adam_wd", self.circle, ["x", "y"], 20, 1e-3,
                                lambda p, lr: torch.optim.Adam(p, lr=lr, weight_decay=0.1),
                                seed=8, latent=1, hidden=[16, 16], activation="tanh", optimizer="adam",
                                weight_decay=0.1)

    def test_adamw_20_steps(self):
        self.run_optimizer_case("adamw", self.circle, ["x", "y"], 20, 1e-3,
                                lambda p, lr: torch.optim.AdamW(p, lr=lr, weight_decay=0.1),
                                seed=7, latent=1, hidden=[16, 16], activation="tanh", optimizer="adamw",
                                weight_decay=0.1)

    def test_sgd_momentum_20_steps(self):
        self.run_optimizer_case("sgd", self.circle, ["x", "y"], 20, 0.02,
                                lambda p, lr: torch.optim.SGD(p, lr=lr, momentum=0.9),
                                seed=7, latent=1, hidden=[16, 16], activation="tanh", optimizer="sgd")

    def test_sgd_nesterov_weight_decay_20_steps(self):
        self.run_optimizer_case("sgd_nesterov", self.circle, ["x", "y"], 20, 0.02,
                                lambda p, lr: torch.optim.SGD(p, lr=lr, momentum=0.9, nesterov=True,
                                                              weight_decay=0.01),
                                seed=7, latent=1, hidden=[16, 16], activation="tanh", optimizer="sgd",
                                nesterov=True, weight_decay=0.01)

    def test_adam_5d_gelu_20_steps(self):
        self.run_optimizer_case("adam_gelu", self.m5, self.m5_names, 20, 1e-3,
                                lambda p, lr: torch.optim.Adam(p, lr=lr),
                                seed=17, latent=2, hidden=[12, 8], activation="gelu", optimizer="adam")


if __name__ == "__main__":
    unittest.main()
