"""A PDV terminal selling in a loop on a database file, as its own process: the crash-safety test
SIGKILLs it at random moments, the two-cashiers test runs two at once on the same database.

    python -m tests.support.stress_driver DB --seconds S --seed N [--user operador]
                                  [--scenario NAME --go-file PATH]

DB is a SQLite file or a postgresql:// URL. With --scenario it starts as `pdv` does on a store
that may be brand new (seeding it from the scenario if empty); with --go-file it says `esperando`
once imported and opens the database only when that file appears, so several start at the same
moment.

It goes through core's services exactly as the screens do: cash and card sales, convênio a
prazo sales (a título each), pre-sales saved and then finalized, and parts of open títulos
received. After each commit it prints one line (`venda N`, `pre-venda N`, `recebido ID VALOR`)
and flushes, so the parent knows what was stored. A ValidationError is a cashier's ordinary
refusal (e.g. the other terminal paid that título first) and the loop goes on; a "database is
locked" or any other error ends the process with code 3 / 2 and the reason on stderr.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
import traceback
from decimal import Decimal
from pathlib import Path

from core.kernel.config import Config
from core.kernel.context import build_context
from core.kernel.errors import ValidationError
from core.kernel.login import start_session
from core.lgpd.sale_check import ConsentFlow
from core.sales.presale import PreSaleService
from core.sales.receivables import ReceivablesService
from core.sales.sale import SaleService
from domain.enums import ConsentStatus, PaymentMethod
from storage.models import Customer, Receivable, User

CREDIT_CUSTOMER = "0003"  # METALURGICA SAO JORGE: Notificar, a prazo
PRODUCTS = [str(code) for code in range(1, 60)]


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


class Terminal:
    def __init__(self, db_path: str, user: str, seed: int, scenario=None) -> None:
        self.ctx = build_context(db_path, config=Config(), seed_with=scenario)
        self.session = start_session(self.ctx, User.get(User.login == user))
        self.sales = SaleService(self.ctx)
        self.presales = PreSaleService(self.ctx)
        self.receivables = ReceivablesService(self.ctx)
        self.flow = ConsentFlow(self.ctx)
        self.random = random.Random(seed)
        self.customer = Customer.get(Customer.code == CREDIT_CUSTOMER)
        self.agreement = next(a for a in self.sales.agreements_of(self.session, self.customer.id) if a.allows_credit)

    def _fill(self, service, draft) -> None:
        for _ in range(self.random.randint(1, 4)):
            service.add_item(self.session, draft, self.random.choice(PRODUCTS), str(self.random.randint(1, 3)))

    def _with_customer(self, service, draft) -> None:
        """The convênio customer; the portal is not asked here (Sem status under Notificar: the
        Notificar message, and the cashier continues without the term)."""
        service.set_customer(self.session, draft, self.customer.id, self.agreement.id)
        if not draft.consent_cleared:
            self.flow.apply_answer(self.session, draft, ConsentStatus.UNKNOWN, None, "portal não consultado")
            self.flow.continue_without_term(self.session, draft)

    def cash_or_card_sale(self) -> None:
        draft = self.sales.new_draft(self.session)
        self._fill(self.sales, draft)
        method = self.random.choice([PaymentMethod.CASH, PaymentMethod.CARD])
        amount = str(draft.cart.total + self.random.randint(0, 50)) if method == PaymentMethod.CASH else ""
        receipt = self.sales.finalize(
            self.session, draft, self.sales.prepare_payment(self.session, draft, method, amount)
        )
        say(f"venda {receipt.number}")

    def credit_sale(self) -> None:
        draft = self.sales.new_draft(self.session)
        self._fill(self.sales, draft)
        self._with_customer(self.sales, draft)
        payment = self.sales.prepare_payment(self.session, draft, PaymentMethod.CREDIT)
        receipt = self.sales.finalize(self.session, draft, payment)
        say(f"venda {receipt.number}")

    def presale_then_sale(self) -> None:
        draft = self.presales.new_draft(self.session)
        self._fill(self.presales, draft)
        if self.random.random() < 0.5:
            self._with_customer(self.presales, draft)
        saved = self.presales.save(self.session, draft)
        say(f"pre-venda {saved.number}")
        loaded = self.sales.load_presale(self.session, str(saved.number))
        receipt = self.sales.finalize(
            self.session,
            loaded,
            self.sales.prepare_payment(self.session, loaded, PaymentMethod.CARD),
        )
        say(f"venda {receipt.number}")

    def receive_part(self) -> None:
        open_ = list(Receivable.select().where(Receivable.status == "aberto").order_by(Receivable.id).limit(5))
        if not open_:
            return
        title = self.random.choice(open_)
        balance = title.amount - title.paid_amount
        part = min(balance, Decimal(self.random.randint(1, 2000)) / 100)
        done = self.receivables.receive(self.session, title.id, part, PaymentMethod.CASH)
        say(f"recebido {done.receivable_id} {part}")

    def step(self) -> None:
        action = self.random.choices(
            [self.cash_or_card_sale, self.credit_sale, self.presale_then_sale, self.receive_part],
            weights=[4, 3, 2, 3],
        )[0]
        try:
            action()
        except ValidationError as refusal:
            say(f"recusado {refusal}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("db")
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--user", default="operador")
    parser.add_argument("--scenario", default=None)
    parser.add_argument("--go-file", default=None)
    args = parser.parse_args(argv)
    try:
        scenario = None
        if args.scenario:
            from storage.scenarios.loader import load_scenario

            scenario = load_scenario(args.scenario)
        if args.go_file:
            say("esperando")
            while not os.path.exists(args.go_file):
                time.sleep(0.0005)
        terminal = Terminal(args.db, args.user, args.seed, scenario)
        say("pronto")
        end = time.monotonic() + args.seconds
        while time.monotonic() < end:
            terminal.step()
    except Exception as error:  # what would reach a cashier: reported, with its kind
        traceback.print_exc()
        return 3 if "locked" in str(error).lower() else 2
    say("fim")
    return 0


ROOT = Path(__file__).resolve().parents[2]


def start_terminal(db: Path | str, seed: int, seconds: float = 60, user: str = "operador") -> subprocess.Popen:
    """This driver as its own process (the parent's side of the crash-safety and two-cashiers tests)."""
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.support.stress_driver",
            str(db),
            "--seconds",
            str(seconds),
            "--seed",
            str(seed),
            "--user",
            user,
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


if __name__ == "__main__":
    sys.exit(main())
