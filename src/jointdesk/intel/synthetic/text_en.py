# ruff: noqa: E501 - prose templates: one sentence per line reads better than split strings
"""English narrative phrases (as typed into Scamwatch / SPF / NSRC style web forms)."""

from __future__ import annotations

from jointdesk.intel.synthetic.phrases import Phrases

EN = Phrases(
    openers={
        "INV": (
            "I saw an ad with a celebrity recommending {entity} and joined a WhatsApp group with a 'mentor'. I deposited on the platform and could withdraw small profits at first, then they asked for a tax to release my balance.",
            "A stock tips group told me to trade on {entity}. My account showed big gains but every withdrawal needed another 'margin' payment.",
        ),
        "INV.PB": (
            "Someone messaged me by 'wrong number' and we became close over several weeks. She taught me to trade crypto on {entity} and to buy USDT for it.",
            "I met a man on a dating app who said he worked in Singapore. After a month he showed me how to invest on {entity}; I could not withdraw anything.",
        ),
        "IMP.GOV": (
            "A caller said he was from {entity} and that my identity was used in a money laundering case. I was told to keep it secret and move my savings to a 'safe account' for verification.",
            "I got a call transferred to an officer of {entity} who showed me an arrest warrant on video and demanded bail money.",
        ),
        "IMP.CS": (
            "Someone claiming to be {entity} customer service said my parcel was lost and offered a refund. They made me install a screen-sharing app and guided me through transfers.",
            "A caller from '{entity}' said I had been charged for a membership and had to cancel it through my banking app.",
        ),
        "TASK": (
            "I was offered a part-time job liking and reviewing products for {entity}. The first tasks paid commission, then I got 'combo orders' and had to top up to unlock my earnings.",
            "A recruiter on {entity} offered online work rating hotels. After small payouts I was told my account was stuck and needed more deposits.",
        ),
        "ROM": (
            "I met someone on {entity} who said he was a doctor on a UN mission. He would never video call. He asked me to pay customs fees for a parcel he sent me.",
            "My online partner from {entity} needed money for a plane ticket to come and see me.",
        ),
        "LOAN": (
            "I applied for a quick loan on {entity}. They said my credit score had to be fixed and asked for an upfront fee before releasing the loan.",
            "A lender called {entity} approved my loan but said my account number was wrong and the funds were frozen until I paid an unfreeze fee.",
        ),
        "PHISH": (
            "I got an SMS pretending to be from {entity} saying my account was suspended. I clicked the link and entered my login and OTP. Money was taken from my account soon after.",
            "A text message about an unpaid toll from {entity} had a link; I typed my card details and later saw transactions I did not make.",
        ),
        "EXT": (
            "I met a woman on {entity} who started a video call, then a man sent me a recording and threatened to send it to my contacts unless I paid.",
            "After installing a chat app they sent me, they copied my contacts and demanded money to not share private videos.",
        ),
        "OTHER": (
            "This was {what}. They said they were {entity}.",
            "I want to report {what} involving {entity}.",
        ),
    },
    slots={
        "phone": ("They called me from {v} .", "The caller's number was {v} ."),
        "telegram": ("We moved to Telegram @{v} .", "Their Telegram: @{v} ."),
        "whatsapp": ("They used WhatsApp {v} .", "Contact was on WhatsApp {v} ."),
        "line": ("Their LINE ID {v} .",),
        "site": ("The website was {v} .", "They sent me this link {v} to download the app."),
        "account": ("I transferred to {bank} account {v} .", "Payment went to account no. {v} at {bank}."),
        "card": ("I paid to {bank} card {v} .",),
        "tron": ("I sent USDT to the wallet {v} .", "They gave me the USDT address {v} ."),
        "alipay": ("Also paid by Alipay {v} .",),
        "wechat": ("Their WeChat {v} .",),
        "promptpay": ("Paid by PromptPay {v} .",),
        "paynow": ("I paid by PayNow {v} .", "They gave me PayNow {v} to pay."),
        "duitnow": ("I paid through DuitNow {v} .",),
    },
    loss=("In total I lost {amount} {currency}.", "My loss is {amount} {currency}."),
    no_loss=("I realised it was a scam before paying.", "I did not send any money."),
    closers=("They have blocked me now.", "Please help me recover my money.", "I reported it to my bank."),
    entities={
        "INV": ("Zenith Capital", "GoldStar FX", "Apex Markets", "BTGC Exchange"),
        "INV.PB": ("Coinbit Pro", "HKEXG", "Lumen Digital Assets", "OKEX Global"),
        "IMP.GOV": (
            "the Shanghai Public Security Bureau",
            "Interpol",
            "the Ministry of Health",
            "the police",
        ),
        "IMP.CS": ("Lazada", "Shopee", "DHL", "Amazon", "Kerry Express"),
        "TASK": ("TikTok", "Agoda", "Amazon", "Facebook"),
        "ROM": ("Tinder", "Facebook", "Instagram", "Bumble"),
        "LOAN": ("QuickCash", "EasyLoan PH", "Pinjam Cepat"),
        "PHISH": ("the bank", "the toll operator", "the post office", "the tax office"),
        "EXT": ("Facebook", "Instagram", "Tinder"),
        "OTHER": ("a seller", "a charity", "a lottery office", "my boss"),
    },
    what={
        "SHOP": "an online purchase that was never delivered",
        "SHOP.GAME": "a fake game item trade",
        "PRIZE": "a prize that needed a fee to release",
        "IMP.ACQ": "a fake friend asking for urgent money",
        "TECH": "a tech support call that took remote control of my computer",
        "BEC": "an invoice with changed bank details",
        "GAMB": "a betting site that never paid out",
        "CHAR": "a fake donation appeal",
        "RECOV": "a 'recovery agent' asking a fee to get my money back",
    },
)
