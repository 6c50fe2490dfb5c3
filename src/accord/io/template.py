'''The commented scenario template ``accord new`` writes (it validates as is).'''

TEMPLATE = """\
# accord scenario, format version 1. Check it with: accord validate FILE
accord: 1
title: My road map (edit me)
horizon: 30                      # time units; delete this line for an infinite horizon
units: {value: "USD bn (2024)", time: year}   # labels only

sources:                         # bibliography; cite keys in `sources:` lists
  example: {title: "Where a number comes from", year: 2024}

parties:                         # discount_rate: continuous rate per time unit
  - {id: A, name: Disarming party, discount_rate: 0.10}
  - {id: B, name: Relieving party, discount_rate: {uniform: [0.02, 0.05]}}

steps:
  - id: freeze
    actor: A
    label: Freeze testing and production
    flow: {A: -0.2, B: 0.5}        # value per time unit while in effect
    reversal: {lag: 0.5}           # can be undone, 0.5 time units after a breakdown
    verification: {detection: 0.8, delay: 0.25}   # cheating is caught with p = 0.8
  - id: relief
    actor: B
    label: First relief tranche
    lag: 0.25                      # effects start this long after execution
    flow: {A: 0.6, B: -0.1}
    reversal: {lag: 0.5, feasible: 0.5}   # snapback works half the time
  - id: dismantle
    actor: A
    label: Dismantle the main facility
    lag: 1.0
    flow: {A: -0.5, B: 1.0}
    once: {A: -0.2}                # one-off value at execution
    requires: [freeze]             # must come in an earlier move
    verification: {detection: 0.9, delay: 0.5}
    sources: [example]

roadmap:                           # phases run in order; moves in a phase at its start
  - phase: Halt
    duration: 1
    moves: [[freeze], [relief]]
  - phase: Roll back
    duration: 2
    moves: [[dismantle]]

sticks:                            # penalties on a defector
  - {id: snapback, actor: B, against: A, flow: {A: -0.5, B: -0.05}, lag: 0.25, commitment: true}

design:                            # what `accord optimize` may change (docs/design.md)
  pin: {dismantle: Roll back}      # this step must stay in this phase
  scale: {relief: [0.5, 3.0]}      # relief may be 0.5 to 3 times as large
  objective: min-margin            # or capability-years:CAP, completion, surplus:A, cost
"""
