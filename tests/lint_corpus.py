"""A labelled corpus for the item-writing lint: flawed items that must fire, near misses that must not.

Each case is (code, language, fires, questions): the rule `code` is judged on the last
question, the ones before it are its bank neighbours (duplicate-evidence), and the bank
rules (truefalse-balance) on them all. Texts are
written for this corpus (Korean and English news sentences), not taken from the seeds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from quizdeck.banks.model import Diagnostic, Location, Question, Text
from quizdeck.checking.lint import duplicate_evidence, lint_question, truefalse_balance

HERE = Location("corpus.yaml", 1, 1)


@dataclass(frozen=True)
class Case:
    code: str
    language: str
    fires: bool
    questions: tuple[Question, ...]


def q(
    qtype: str, evidence: str | list[str] = "근거 문장이다.", qid: str = "item", **kw: Any
) -> Question:
    quotes = [evidence] if isinstance(evidence, str) else evidence
    blanks = tuple(Text(b, HERE) for b in kw.pop("blanks", ()))
    answer = kw.pop("answer", None)
    if isinstance(answer, list):
        answer = tuple(answer)
    return Question(
        id=qid,
        type=qtype,
        location=HERE,
        evidence=tuple(Text(e, HERE) for e in quotes),
        answer=answer,
        blanks=blanks,
        choices=tuple(kw.pop("choices", ())),
        **kw,
    )


def choice(prompt: str, choices: list[str], answer: str, **kw: Any) -> Question:
    return q("choice", prompt=prompt, choices=choices, answer=answer, **kw)


def cloze(evidence: str, blanks: list[str], prompt: str | None = None) -> Question:
    return q("cloze", evidence=evidence, blanks=blanks, prompt=prompt)


def case(code: str, language: str, fires: bool, *questions: Question) -> Case:
    return Case(code, language, fires, questions)


def statements(language: str, *keys: bool) -> tuple[Question, ...]:
    """True/false questions of one bank with these keys (truefalse-balance judges them all)."""
    said = "시청이 새 공원을 열었다." if language == "ko" else "The council opened a new park."
    return tuple(
        q("truefalse", prompt=f"{said} ({n})", answer=key, qid=f"tf{n}")
        for n, key in enumerate(keys, start=1)
    )


CASES: tuple[Case, ...] = (
    # key-longest
    case("key-longest", "ko", True, choice("서울시가 새로 연 시설은?", ["도서관", "체육관", "공원", "시민 누구나 무료로 쓰는 공공 전기차 충전소"], "시민 누구나 무료로 쓰는 공공 전기차 충전소")),
    case("key-longest", "ko", True, choice("협약의 목적은?", ["수출 확대", "인력 감축", "세금 인하", "지역 중소기업의 해외 판로 개척과 기술 이전 지원"], "지역 중소기업의 해외 판로 개척과 기술 이전 지원")),
    case("key-longest", "en", True, choice("Why did the council close the bridge?", ["Flooding", "A strike", "Budget cuts", "Cracks found in two of its steel support beams"], "Cracks found in two of its steel support beams")),
    case("key-longest", "en", True, choice("What did the firm announce?", ["A merger", "Layoffs", "A new logo", "A plan to open three research centres in Asia by 2027"], "A plan to open three research centres in Asia by 2027")),
    case("key-longest", "ko", False, choice("서울시가 새로 연 시설은?", ["공공 도서관", "실내 체육관", "어린이 공원", "전기차 충전소"], "전기차 충전소")),
    case("key-longest", "ko", False, choice("올해 수출액은?", ["120억 달러", "95억 달러", "1,300억 달러", "8억 달러"], "1,300억 달러")),
    case("key-longest", "en", False, choice("Why did the council close the bridge?", ["Flooding of the river banks", "A strike by road workers", "Cuts to the repair budget", "Cracks in its steel beams"], "Cracks in its steel beams")),
    case("key-longest", "en", False, choice("Which city hosts the summit?", ["Oslo", "Lima", "Seoul", "Buenos Aires"], "Buenos Aires")),
    # all-none-of-above
    case("all-none-of-above", "ko", True, choice("기사에 나온 기업은?", ["삼성", "LG", "SK", "위 보기 모두"], "위 보기 모두")),
    case("all-none-of-above", "ko", True, choice("정부가 발표한 대책은?", ["금리 인상", "세금 감면", "규제 완화", "정답 없음"], "규제 완화")),
    case("all-none-of-above", "ko", True, choice("옳은 설명은?", ["가", "나", "다", "모두 옳다"], "모두 옳다")),
    case("all-none-of-above", "en", True, choice("Which firms joined?", ["Acme", "Globex", "Initech", "All of the above"], "All of the above")),
    case("all-none-of-above", "en", True, choice("What caused the delay?", ["Rain", "A strike", "Fog", "None of these"], "Fog")),
    case("all-none-of-above", "ko", False, choice("정부가 발표한 대책은?", ["금리 인상", "세금 감면", "규제 모두 폐지", "보조금 확대"], "보조금 확대")),
    case("all-none-of-above", "ko", False, choice("기사에 나온 기업은?", ["삼성", "LG", "SK", "현대"], "SK")),
    case("all-none-of-above", "en", False, choice("Which firms joined?", ["Acme", "Globex", "All Nippon Airways", "Initech"], "Globex")),
    case("all-none-of-above", "en", False, choice("What did the report find?", ["None of the wells were dry", "Sales fell", "Costs rose", "Rain fell"], "Sales fell")),
    # absolute-term
    case("absolute-term", "ko", True, choice("보고서의 결론은?", ["수출이 항상 늘었다", "모든 기업이 적자였다", "투자는 절대 줄지 않았다", "수출이 3년째 늘었다"], "수출이 3년째 늘었다")),
    case("absolute-term", "ko", True, choice("시장이 밝힌 계획은?", ["오직 도심만 개발한다", "버스 노선을 늘린다", "세금을 전혀 올리지 않는다", "자전거 도로를 만든다"], "자전거 도로를 만든다")),
    case("absolute-term", "en", True, choice("What does the study say?", ["Coffee always harms sleep", "Tea never helps", "Coffee late in the day can delay sleep", "All drinks are safe"], "Coffee late in the day can delay sleep")),
    case("absolute-term", "en", True, choice("What did the mayor promise?", ["Only new roads", "More buses", "Never to raise taxes", "Cleaner parks"], "More buses")),
    case("absolute-term", "ko", False, choice("보고서의 결론은?", ["수출이 줄었다", "기업이 적자였다", "투자가 줄었다", "모든 지역에서 수출이 늘었다"], "모든 지역에서 수출이 늘었다")),
    case("absolute-term", "ko", False, choice("시장이 밝힌 계획은?", ["도심을 개발한다", "버스 노선을 늘린다", "세금을 올린다", "자전거 도로를 만든다"], "버스 노선을 늘린다")),
    case("absolute-term", "en", False, choice("What does the study say?", ["Coffee harms sleep", "Tea helps sleep", "Coffee late in the day can delay sleep", "Water is best"], "Tea helps sleep")),
    case("absolute-term", "en", False, choice("Which is NOT in the plan?", ["More buses", "Never raising fares", "Cleaner parks", "Only electric taxis"], "More buses")),
    # vague-term
    case("vague-term", "ko", True, choice("기업들은 대체로 어떤 전략을 택했는가?", ["감원", "투자", "합병", "철수"], "투자")),
    case("vague-term", "ko", True, q("truefalse", prompt="이 지역에는 종종 홍수가 난다.", answer=True)),
    case("vague-term", "en", True, choice("What do the farmers usually grow?", ["Rice", "Wheat", "Corn", "Barley"], "Rice")),
    case("vague-term", "en", True, choice("What happens at the port?", ["Ships often wait", "Cranes fail", "Workers strike", "Fog rolls in"], "Cranes fail")),
    case("vague-term", "ko", False, choice("기업들은 어떤 전략을 택했는가?", ["감원", "투자", "합병", "철수"], "투자")),
    case("vague-term", "ko", False, q("truefalse", prompt="이 지역에는 지난 10년간 홍수가 세 번 났다.", answer=True)),
    case("vague-term", "en", False, choice("What do the farmers grow most?", ["Rice", "Wheat", "Corn", "Barley"], "Rice")),
    case("vague-term", "en", False, choice("What happens at the port in winter?", ["Ships wait two days", "Cranes fail", "Workers strike", "Fog rolls in"], "Cranes fail")),
    # stem-key-overlap
    case("stem-key-overlap", "ko", True, choice("정부가 발표한 반도체 지원 방안은?", ["세금 감면", "인력 양성", "반도체 공장 보조금", "규제 완화"], "반도체 공장 보조금")),
    case("stem-key-overlap", "ko", True, choice("도서관이 새로 도입한 서비스는?", ["무인 반납기", "도서관 야간 개방", "전자책 대출", "회의실 예약"], "도서관 야간 개방")),
    case("stem-key-overlap", "en", True, choice("Which vaccine did the agency approve?", ["A nasal spray", "The new flu vaccine", "A heart drug", "A pain reliever"], "The new flu vaccine")),
    case("stem-key-overlap", "en", True, choice("What did the harbour authority build?", ["A bridge", "A museum", "A new harbour wall", "A school"], "A new harbour wall")),
    case("stem-key-overlap", "ko", False, choice("정부가 발표한 반도체 지원 방안은?", ["반도체 세금 감면", "인력 양성", "반도체 공장 보조금", "규제 완화"], "반도체 공장 보조금")),
    case("stem-key-overlap", "ko", False, choice("도서관이 새로 도입한 서비스는?", ["무인 반납기", "야간 개방", "전자책 대출", "회의실 예약"], "야간 개방")),
    case("stem-key-overlap", "en", False, choice("Which vaccine did the agency approve?", ["A nasal vaccine", "The new flu vaccine", "A heart drug", "A pain reliever"], "The new flu vaccine")),
    case("stem-key-overlap", "en", False, choice("What did the harbour authority build?", ["A bridge", "A museum", "A sea wall", "A school"], "A sea wall")),
    # double-negative
    case("double-negative", "ko", True, choice("기사 내용과 일치하지 않는 것은?", ["수출이 늘었다", "투자가 줄지 않았다", "고용이 늘었다", "환율이 올랐다"], "환율이 올랐다")),
    case("double-negative", "ko", True, choice("시장이 약속하지 않은 것은?", ["버스 증차", "요금 동결", "예산이 없는 사업 중단", "공원 조성"], "공원 조성")),
    case("double-negative", "en", True, choice("Which is NOT true of the plan?", ["It adds buses", "It does not raise fares", "It builds parks", "It closes schools"], "It closes schools")),
    case("double-negative", "en", True, choice("Which city did not join the pact?", ["Oslo", "Lima", "No city in Asia", "Seoul"], "Lima")),
    case("double-negative", "ko", False, choice("기사 내용과 일치하지 않는 것은?", ["수출이 늘었다", "투자가 줄었다", "고용이 늘었다", "환율이 올랐다"], "환율이 올랐다")),
    case("double-negative", "ko", False, choice("전례 없는 투자를 한 기업은?", ["삼성", "LG", "SK", "현대"], "SK")),
    case("double-negative", "en", False, choice("Which is NOT true of the plan?", ["It adds buses", "It freezes fares", "It builds parks", "It closes schools"], "It closes schools")),
    case("double-negative", "en", False, choice("Which city joined the pact?", ["Oslo", "Lima", "No city in Asia", "Seoul"], "Lima")),
    case("double-negative", "ko", True, choice("법률의 내용과 일치하지 않는 것은?", ["신고는 서면으로 한다", "위원회는 이를 공개하지 아니한다", "기한은 30일이다", "벌금을 부과한다"], "기한은 30일이다")),
    case("double-negative", "ko", True, choice("조례에 해당하지 않는 것은?", ["허가를 받아야 하다", "신청인은 이의를 제기하지 아니하다", "수수료가 있다", "심사는 공개된다"], "수수료가 있다")),
    case("double-negative", "ko", True, choice("규정과 맞지 않는 것은?", ["제출 서류: 없음", "심사 기간: 14일", "담당: 민원과", "비용: 무료"], "비용: 무료")),
    case("double-negative", "ko", True, choice("기사 내용과 일치하지 않는 것은?", ["적용 대상 아님", "수출이 늘었다", "고용이 늘었다", "환율이 올랐다"], "환율이 올랐다")),
    case("double-negative", "ko", True, choice("옳지 아니한 것은?", ["조합원은 탈퇴하지 못한다", "총회는 연 1회 연다", "이사는 3명이다", "감사는 1명이다"], "감사는 1명이다")),
    case("double-negative", "ko", True, choice("기사와 일치하지 않는 것은?", ["회사는 목표를 달성하지 못했다", "매출이 늘었다", "공장을 지었다", "직원을 뽑았다"], "공장을 지었다")),
    case("double-negative", "ko", True, choice("사실이 아닌 것은?", ["시장은 답변하지 않았습니다", "예산이 늘었다", "도로가 생겼다", "학교가 섰다"], "학교가 섰다")),
    case("double-negative", "ko", True, choice("기사 내용과 일치하지 않는 것은?", ["자료가 없었다", "예산이 늘었다", "도로가 생겼다", "학교가 섰다"], "학교가 섰다")),
    case("double-negative", "ko", True, choice("일치하지 않는 것은?", ["하지 아니한 신고는 무효다", "예산이 늘었다", "도로가 생겼다", "학교가 섰다"], "학교가 섰다")),
    case("double-negative", "en", True, choice("Which is NOT true of the plan?", ["It adds buses", "It isn't funded", "It builds parks", "It closes schools"], "It closes schools")),
    case("double-negative", "ko", False, choice("법률의 내용과 일치하지 않는 것은?", ["신고는 서면으로 한다", "위원회는 이를 공개한다", "기한은 30일이다", "벌금을 부과한다"], "기한은 30일이다")),
    case("double-negative", "ko", False, choice("옳지 아니한 것은?", ["연못 하나를 팠다", "총회는 연 1회 연다", "안내문을 붙였다", "아니카 씨가 왔다"], "총회는 연 1회 연다")),
    case("double-negative", "ko", False, choice("조례에 해당하는 것은?", ["신청인은 이의를 제기하지 아니한다", "허가가 없다", "수수료가 있다", "심사는 공개된다"], "수수료가 있다")),
    case("double-negative", "en", False, choice("Which is NOT true of the plan?", ["It adds buses", "It is unfunded", "It builds parks", "Notable parks close"], "It builds parks")),
    # relative-time
    case("relative-time", "ko", True, choice("올해 수출액은 얼마인가?", ["1억", "2억", "3억", "4억"], "2억")),
    case("relative-time", "ko", True, q("short", prompt="지난해 가장 많이 팔린 차는?", answer="쏘나타")),
    case("relative-time", "ko", True, q("numeric", prompt="이달 문을 연 매장은 몇 곳인가?", answer="12")),
    case("relative-time", "en", True, q("short", prompt="Which team won the cup last year?", answer="Leeds")),
    case("relative-time", "en", True, q("truefalse", prompt="Prices rose this month.", answer=True)),
    case("relative-time", "ko", False, choice("2024년 수출액은 얼마인가?", ["1억", "2억", "3억", "4억"], "2억")),
    case("relative-time", "ko", False, q("short", prompt="오늘날 가장 많이 팔리는 차종은?", answer="SUV")),
    case("relative-time", "ko", False, q("numeric", prompt="올해(2023년) 문을 연 매장은 몇 곳인가?", answer="12")),
    case("relative-time", "en", False, q("short", prompt="Which team won the cup in 2022?", answer="Leeds")),
    case("relative-time", "en", False, q("truefalse", prompt="Prices rose this month of 2021.", answer=True)),
    case("relative-time", "ko", True, q("short", prompt="지난 3일 문을 연 매장은?", answer="본점")),
    case("relative-time", "ko", True, q("short", prompt="이번 주 발표된 정책은?", answer="감세")),
    case("relative-time", "ko", True, q("truefalse", prompt="지난주 금리가 올랐다.", answer=True)),
    case("relative-time", "ko", True, q("short", prompt="다음 달에 열리는 행사는?", answer="박람회")),
    case("relative-time", "ko", True, q("numeric", prompt="지난 5월 수출은 몇 억 달러인가?", answer="5", unit="억 달러")),
    case("relative-time", "ko", True, q("short", prompt="오는 15일부터 바뀌는 것은?", answer="요금")),
    case("relative-time", "ko", True, q("truefalse", prompt="지난 3개월간 물가가 올랐다.", answer=True)),
    case("relative-time", "en", True, q("short", prompt="Who won the vote last Tuesday?", answer="Ms Reed")),
    case("relative-time", "en", True, q("truefalse", prompt="The bridge reopened last May.", answer=True)),
    case("relative-time", "en", True, q("short", prompt="What closed in the past three weeks?", answer="The pier")),
    case("relative-time", "ko", False, q("short", prompt="2024년 5월 3일 문을 연 매장은?", answer="본점")),
    case("relative-time", "ko", False, q("short", prompt="다음 중 옳은 것은?", answer="감세")),
    case("relative-time", "ko", False, q("short", prompt="이번 주장의 근거는?", answer="통계")),
    case("relative-time", "ko", False, q("short", prompt="지난 달러 강세의 원인은?", answer="금리")),
    case("relative-time", "en", False, q("truefalse", prompt="This may explain the rise.", answer=True)),
    case("relative-time", "en", False, q("truefalse", prompt="The bridge reopened last May, in 2021.", answer=True)),
    case("relative-time", "en", False, q("short", prompt="What closed in the past?", answer="The pier")),
    # truefalse-balance
    case("truefalse-balance", "ko", True, *statements("ko", False, False, False, False)),
    case("truefalse-balance", "ko", True, *statements("ko", False, True, False, False, False, True, False, False, False, True, False, False)),
    case("truefalse-balance", "en", True, *statements("en", True, True, True, False, True)),
    case("truefalse-balance", "en", True, *statements("en", *[True] * 13, *[False] * 7)),
    case("truefalse-balance", "ko", False, *statements("ko", False, False, False)),
    case("truefalse-balance", "ko", False, *statements("ko", False, True, False, True, False, True)),
    case("truefalse-balance", "en", False, *statements("en", True, False, True, False, True, True, False)),
    case("truefalse-balance", "en", False, *statements("en", *[True] * 11, *[False] * 6)),
    # blank-particle
    case("blank-particle", "ko", True, cloze("시는 정부로부터 예산을 받았다.", ["정부로부터"])),
    case("blank-particle", "ko", True, cloze("새 공장은 울산에서 가동을 시작했다.", ["울산에서"])),
    case("blank-particle", "ko", True, cloze("협회는 전기차 보급을 목표로 삼았다.", ["전기차 보급을"])),
    case("blank-particle", "ko", True, cloze("이 사업은 지역 대학이 주도한다.", ["지역 대학이"])),
    case("blank-particle", "ko", True, cloze("구청은 주민들과 협의했다.", ["주민들과"])),
    case("blank-particle", "en", False, cloze("The plan was agreed with the residents.", ["the residents"])),
    case("blank-particle", "en", False, cloze("Rain fell on Busan.", ["Busan"])),
    case("blank-particle", "ko", False, cloze("시는 정부로부터 예산을 받았다.", ["정부"])),
    case("blank-particle", "ko", False, cloze("이번 조치는 국가 경쟁력을 높이는 제도다.", ["국가"])),
    case("blank-particle", "ko", False, cloze("연구진은 실험 결과를 공개했다.", ["실험 결과"])),
    case("blank-particle", "ko", False, cloze("위원회는 민주주의 원칙을 강조했다.", ["민주주의"])),
    case("blank-particle", "ko", False, cloze("두 제품의 가격 차이는 크지 않다.", ["가격 차이"])),
    # blank-long
    case("blank-long", "ko", True, cloze("정부는 지역 중소기업의 해외 판로 개척을 돕기로 했다.", ["지역 중소기업의 해외 판로 개척"])),
    case("blank-long", "ko", True, cloze("회사는 국가인공지능반도체설계전문인력양성지원센터를 세웠다.", ["국가인공지능반도체설계전문인력양성지원센터를"])),
    case("blank-long", "en", True, cloze("The council approved a new flood defence scheme for the old town.", ["a new flood defence scheme"])),
    case("blank-long", "en", True, cloze("Researchers measured microplasticcontamination levels.", ["microplasticcontamination levels"])),
    case("blank-long", "ko", False, cloze("정부는 지역 중소기업의 해외 판로 개척을 돕기로 했다.", ["해외 판로"])),
    case("blank-long", "ko", False, cloze("회사는 인공지능 반도체 센터를 세웠다.", ["인공지능 반도체 센터"])),
    case("blank-long", "en", False, cloze("The council approved a new flood defence scheme for the old town.", ["flood defence scheme"])),
    case("blank-long", "en", False, cloze("Researchers measured plastic levels.", ["plastic"])),
    # blank-partial-word
    case("blank-partial-word", "en", True, cloze("The court upheld two software patents on Monday.", ["software patent"])),
    case("blank-partial-word", "en", True, cloze("The bank raised interest rates again.", ["terest rates"])),
    case("blank-partial-word", "ko", True, cloze("중국정부는 보조금을 늘렸다.", ["정부는"])),
    case("blank-partial-word", "ko", True, cloze("연구소는 6조9518억 원을 투자했다.", ["9518억"])),
    case("blank-partial-word", "en", False, cloze("The court upheld two software patents on Monday.", ["software patents"])),
    case("blank-partial-word", "en", False, cloze("Google's new model (Gemini) was released.", ["Gemini"])),
    case("blank-partial-word", "ko", False, cloze("중국정부는 보조금을 늘렸다.", ["중국정부"])),
    case("blank-partial-word", "ko", False, cloze("연구소는 6조9518억 원을 투자했다.", ["6조9518억 원"])),
    # duplicate-evidence
    case("duplicate-evidence", "ko", True,
         choice("올해 수출액은?", ["1억 달러", "5억 달러", "9억 달러", "3억 달러"], "5억 달러", qid="a", evidence="2023년 수출액은 5억 달러로 늘었다."),
         q("numeric", evidence="2023년 수출액은 5억 달러로 늘었다.", qid="b", prompt="2023년 수출액은 몇 억 달러인가?", answer="5", unit="억 달러")),
    case("duplicate-evidence", "ko", True,
         cloze("부산시는 해양 박물관을 새로 열었다.", ["해양 박물관"]),
         q("short", evidence="부산시는 해양 박물관을 새로 열었다.", qid="b", prompt="부산시가 연 시설은?", answer="해양 박물관")),
    case("duplicate-evidence", "en", True,
         q("short", evidence="The mayor opened a sea museum in May.", qid="a", prompt="What did the mayor open?", answer="a sea museum"),
         q("truefalse", evidence="The mayor opened a sea museum in May.", qid="b", prompt="The mayor opened a sea museum.", answer=True)),
    case("duplicate-evidence", "en", True,
         q("numeric", evidence="Exports rose to 40 billion dollars.", qid="a", prompt="Exports rose to how many billion dollars?", answer="40", unit="billion dollars"),
         choice("How far did exports rise?", ["20 billion dollars", "40 billion dollars", "60 billion dollars"], "40 billion dollars", qid="b", evidence="Exports rose to 40 billion dollars.")),
    case("duplicate-evidence", "ko", False,
         choice("수출액은?", ["1억 달러", "5억 달러", "9억 달러", "3억 달러"], "5억 달러", qid="a", evidence="2023년 수출액은 5억 달러로 늘었고 주력 품목은 반도체였다."),
         q("short", evidence="2023년 수출액은 5억 달러로 늘었고 주력 품목은 반도체였다.", qid="b", prompt="주력 품목은?", answer="반도체")),
    case("duplicate-evidence", "ko", False,
         cloze("부산시는 해양 박물관을 새로 열었다.", ["해양 박물관"]),
         q("short", evidence="울산시는 해양 박물관을 새로 열었다.", qid="b", prompt="울산시가 연 시설은?", answer="해양 박물관")),
    case("duplicate-evidence", "en", False,
         q("short", evidence="The mayor opened a sea museum in May.", qid="a", prompt="What did the mayor open?", answer="a sea museum"),
         q("short", evidence="The mayor opened a sea museum in May.", qid="b", prompt="In which month?", answer="May")),
    case("duplicate-evidence", "en", False,
         q("numeric", evidence="Exports rose to 40 billion dollars.", qid="a", prompt="Exports rose to how many billion dollars?", answer="40", unit="billion dollars"),
         choice("How far did imports rise?", ["20 billion dollars", "35 billion dollars", "60 billion dollars"], "35 billion dollars", qid="b", evidence="Imports rose to 35 billion dollars.")),
    # trivial-blank
    case("trivial-blank", "en", True, cloze("Prices of rice and wheat rose.", ["and"])),
    case("trivial-blank", "ko", True, cloze("정부는 수출 및 투자를 늘렸다.", ["및"])),
    case("trivial-blank", "ko", True, cloze("회사는 직원 300명을 새로 뽑았다.", ["300명"], prompt="직원 300명을 뽑은 문장의 빈칸을 채우시오.")),
    case("trivial-blank", "en", True, cloze("Solar power is cheap, and solar panels are everywhere.", ["Solar power"])),
    case("trivial-blank", "ko", True, cloze("반도체 수출이 늘자 반도체 업계가 투자를 늘렸다.", ["반도체 수출"])),
    case("trivial-blank", "en", False, cloze("Prices of rice and wheat rose.", ["wheat"])),
    case("trivial-blank", "ko", False, cloze("정부는 수출 및 투자를 늘렸다.", ["투자"])),
    case("trivial-blank", "ko", False, cloze("회사는 직원 300명을 새로 뽑았다.", ["300명"], prompt="빈칸을 채우시오.")),
    case("trivial-blank", "en", False, cloze("Solar power is cheap, and wind turbines are everywhere.", ["Solar power"])),
    case("trivial-blank", "ko", False, cloze("반도체 수출이 늘자 업계가 투자를 늘렸다.", ["반도체 수출"])),
)  # fmt: skip


def findings(case: Case) -> list[Diagnostic]:
    """What the lint reports on the case's last question (its neighbours share paragraph 1)."""
    *_, last = case.questions
    found = lint_question(last, "corpus", case.language)
    found += duplicate_evidence(
        case.questions, "corpus", case.language, {x.id: (1,) for x in case.questions}
    )
    found += truefalse_balance(case.questions, "corpus")
    # A bank-level finding names no question.
    return [d for d in found if d.question in (last.id, None)]
