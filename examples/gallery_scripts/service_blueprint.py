"""
A service blueprint
===================

A touchpoint's ``lane`` puts it on a service-blueprint lane: what the
customer does, what staff do in front of them (frontstage), what happens out
of sight (backstage) and the systems that support it. When touchpoints carry
lanes, the map draws one row per lane, each card tagged with its channel.
"""

import journeykit as jk

web = jk.Channel(name="Website", kind="online")
shop = jk.Channel(name="Shop", kind="offline")
system = jk.Channel(name="Order system", kind="online")

journey = jk.Journey(
    title="Click and collect",
    channels=[web, shop, system],
    stages=[
        jk.Stage(
            name="Order",
            touchpoints=[
                jk.Touchpoint(
                    name="Orders online", channel="website", lane="customer", emotion=0.4
                ),
                jk.Touchpoint(name="Stock reserved", channel="order-system", lane="support"),
            ],
        ),
        jk.Stage(
            name="Prepare",
            touchpoints=[
                jk.Touchpoint(name="Picks the order", channel="shop", lane="backstage"),
                jk.Touchpoint(
                    name="Ready-to-collect email", channel="website", lane="frontstage", emotion=0.5
                ),
            ],
        ),
        jk.Stage(
            name="Collect",
            touchpoints=[
                jk.Touchpoint(
                    name="Queues at the counter",
                    channel="shop",
                    lane="customer",
                    emotion=-0.5,
                    pain_points=[jk.PainPoint(description="One till for collections", severity=4)],
                ),
                jk.Touchpoint(
                    name="Hands over the parcel", channel="shop", lane="frontstage", emotion=0.3
                ),
            ],
        ),
    ],
)

# %%
# The map: a row per lane, the emotion of the customer's own touchpoints below.
blueprint = jk.render(journey, id_prefix="blueprint-")
