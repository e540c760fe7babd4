# ruff: noqa: E501 - prose templates: one sentence per line reads better than split strings
"""Vietnamese narrative phrases (as written to the Bộ Công an / canhbao.khonggianmang.vn forms)."""

from __future__ import annotations

from jointdesk.intel.synthetic.phrases import Phrases

VI = Phrases(
    openers={
        "INV": (
            "Tôi thấy quảng cáo đầu tư chứng khoán trên Facebook của {entity}, được kéo vào nhóm Zalo có chuyên gia hướng dẫn. Lúc đầu rút được tiền lãi, sau đó họ bắt đóng thuế mới cho rút.",
            "Một người giới thiệu sàn {entity} với lợi nhuận cao, tôi nạp nhiều lần nhưng không rút được.",
        ),
        "INV.PB": (
            "Tôi quen một người đàn ông qua ứng dụng hẹn hò, nói chuyện hơn một tháng thì anh ta rủ đầu tư tiền ảo trên {entity}.",
            "Có người nhắn tin nhầm số rồi làm quen, sau đó hướng dẫn tôi mua USDT để đầu tư vào {entity}.",
        ),
        "IMP.GOV": (
            "Có người gọi điện xưng là cán bộ {entity}, nói tôi liên quan đến một vụ án rửa tiền và yêu cầu chuyển tiền vào tài khoản tạm giữ để xác minh.",
            "Tôi nhận cuộc gọi tự xưng {entity}, họ gửi lệnh bắt giam giả qua Zalo và yêu cầu nộp tiền bảo lãnh.",
        ),
        "IMP.CS": (
            "Có người gọi tự xưng nhân viên {entity} nói đơn hàng của tôi bị thất lạc và sẽ hoàn tiền, yêu cầu tôi cài ứng dụng chia sẻ màn hình.",
            "Nhân viên {entity} giả mạo nói tôi đăng ký gói thành viên và phải hủy qua ứng dụng ngân hàng.",
        ),
        "TASK": (
            "Tôi được mời làm cộng tác viên online, thả tim và đánh giá sản phẩm trên {entity}. Mấy nhiệm vụ đầu được trả hoa hồng, sau đó phải nạp thêm tiền để mở khóa.",
            "Tôi nhận việc làm thêm qua {entity}, làm nhiệm vụ được ít tiền rồi bị báo tài khoản lỗi phải chuyển thêm.",
        ),
        "ROM": (
            "Tôi quen một người nước ngoài trên {entity}, tự nhận là bác sĩ quân y, không bao giờ gọi video, nhờ tôi đóng phí hải quan cho món quà.",
            "Người yêu quen qua {entity} cần tiền mua vé máy bay sang gặp tôi.",
        ),
        "LOAN": (
            "Tôi vay tiền online qua {entity}, họ bắt đóng phí bảo hiểm và phí giải ngân trước.",
            "Ứng dụng vay {entity} báo tôi nhập sai số tài khoản, khoản vay bị đóng băng, phải chuyển tiền để mở.",
        ),
        "PHISH": (
            "Tôi nhận tin nhắn giả mạo {entity} báo tài khoản bị khóa, bấm vào đường link và nhập mật khẩu, mã OTP, sau đó tiền trong tài khoản bị chuyển đi.",
            "Tin nhắn giả {entity} gửi link cài ứng dụng, sau khi cài thì tài khoản ngân hàng bị rút tiền.",
        ),
        "EXT": (
            "Tôi quen một cô gái trên {entity}, gọi video xong thì bị đe dọa phát tán clip nếu không chuyển tiền.",
            "Sau khi cài ứng dụng chat họ gửi, họ lấy danh bạ và tống tiền tôi.",
        ),
        "OTHER": (
            "Tôi bị lừa {what}, đối tượng xưng là {entity}.",
            "Tôi trình báo việc {what} liên quan {entity}.",
        ),
    },
    slots={
        "phone": ("Số điện thoại gọi đến {v} .", "Đối tượng dùng số điện thoại {v} ."),
        "telegram": ("Liên hệ qua Telegram @{v} .",),
        "whatsapp": ("Liên hệ qua WhatsApp {v} .",),
        "line": (),
        "site": ("Trang web {v} .", "Họ gửi đường link {v} để tải ứng dụng."),
        "account": ("Tôi chuyển vào số tài khoản {v} ngân hàng {bank}.", "Tài khoản nhận tiền {v} {bank}."),
        "card": ("Chuyển vào thẻ {v} .",),
        "tron": ("Tôi chuyển USDT vào ví {v} .",),
        "alipay": (),
        "wechat": (),
        "promptpay": (),
        "paynow": (),
        "duitnow": (),
    },
    loss=("Tổng số tiền bị lừa là {amount} {currency}.", "Tôi bị mất {amount} {currency}."),
    no_loss=("Tôi phát hiện kịp nên chưa chuyển tiền.",),
    closers=(
        "Hiện tại không liên lạc được với đối tượng.",
        "Đề nghị công an hỗ trợ.",
        "Tôi đã bị chặn Zalo.",
    ),
    entities={
        "INV": ("VN Capital", "Sàn Forex Gold", "BTGC Exchange"),
        "INV.PB": ("Coinbit Pro", "HKEXG", "Binanse Pro"),
        "IMP.GOV": ("Công an TP Hà Nội", "Viện kiểm sát", "Cục Cảnh sát hình sự", "cơ quan thuế"),
        "IMP.CS": ("Shopee", "Lazada", "Viettel Post", "Giao Hàng Nhanh"),
        "TASK": ("TikTok", "Shopee", "Tiki"),
        "ROM": ("Facebook", "Tinder", "Zalo"),
        "LOAN": ("Vay Nhanh 24h", "Tiền Ngay"),
        "PHISH": ("ngân hàng", "EVN", "Bộ Công an (VNeID)"),
        "EXT": ("Facebook", "Zalo"),
        "OTHER": ("người bán hàng", "quỹ từ thiện", "bạn bè"),
    },
    what={
        "SHOP": "mua hàng online không nhận được hàng",
        "SHOP.GAME": "mua bán tài khoản game",
        "PRIZE": "trúng thưởng phải nộp phí",
        "IMP.ACQ": "người quen vay tiền gấp",
        "TECH": "hỗ trợ kỹ thuật giả",
        "BEC": "hóa đơn đổi số tài khoản",
        "GAMB": "web cờ bạc không trả tiền",
        "CHAR": "quyên góp từ thiện giả",
        "RECOV": "luật sư giả nhận lấy lại tiền",
    },
)
