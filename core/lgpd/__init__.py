"""LGPData: consent per customer and agreement (consent), the pure decision at the counter (decision),
the check around a sale (sale_check), the portal client, the settings, the trainers' admin client."""
