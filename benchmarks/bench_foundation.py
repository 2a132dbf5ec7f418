"""The pages of the foundation at maximum size."""

from benchmarks.harness import measure, print_table, seeded_client


def run():
    client, _user = seeded_client()
    print_table([measure(client, "/"), measure(client, "/settings/")])
