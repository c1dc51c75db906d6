namespace FunnelStudio.Portal.Demo;

/// <summary>Believable Chinese company and person names for the demo data.</summary>
public static class DemoNames
{
    public static readonly (string Name, string Industry, string City)[] Companies =
    [
        ("华锐精密制造有限公司", "manufacturing", "苏州"), ("东方明珠电子科技有限公司", "high_tech", "上海"),
        ("蓝海消费品集团", "consumer_goods", "广州"), ("恒通物流服务有限公司", "services", "武汉"),
        ("星辰软件技术有限公司", "high_tech", "杭州"), ("金穗食品股份有限公司", "consumer_goods", "郑州"),
        ("中科智造机器人有限公司", "manufacturing", "深圳"), ("远航汽车零部件有限公司", "manufacturing", "宁波"),
        ("云启数据科技有限公司", "high_tech", "北京"), ("绿源家居用品有限公司", "consumer_goods", "佛山"),
        ("鼎盛建材集团", "manufacturing", "成都"), ("瑞康医疗器械有限公司", "high_tech", "南京"),
        ("天工新材料股份有限公司", "manufacturing", "天津"), ("优品日化有限公司", "consumer_goods", "厦门"),
        ("博远咨询管理有限公司", "services", "北京"), ("长风电气设备有限公司", "manufacturing", "西安"),
        ("海纳通信技术有限公司", "high_tech", "深圳"), ("悦享餐饮管理有限公司", "services", "重庆"),
        ("新峰纺织有限公司", "manufacturing", "绍兴"), ("极光光电科技有限公司", "high_tech", "合肥"),
        ("百川饮品有限公司", "consumer_goods", "青岛"), ("润泽环保工程有限公司", "services", "长沙"),
        ("启明教育科技有限公司", "high_tech", "上海"), ("宏图包装材料有限公司", "manufacturing", "东莞"),
        ("嘉禾农业发展有限公司", "other", "昆明"), ("卓越人力资源服务有限公司", "services", "广州"),
        ("盛世文化传媒有限公司", "services", "杭州"), ("精工模具有限公司", "manufacturing", "昆山"),
        ("普惠金融信息服务有限公司", "services", "深圳"), ("雪域乳业有限公司", "consumer_goods", "呼和浩特"),
    ];

    public static readonly string[] LastNames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "高", "罗"];
    public static readonly string[] FirstNames = ["伟", "芳", "娜", "敏", "静", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超", "秀英", "建华", "晓东", "丽华"];
    public static readonly string[] Titles = ["CIO", "IT 总监", "销售副总裁", "采购经理", "运营总监", "总经理", "财务总监", "数字化负责人"];
    public static readonly string[] Products = ["CRM 年度订阅", "销售自动化平台", "数据分析模块", "渠道管理系统", "客服工单系统", "营销云套件"];
    public static readonly string[] Timelines = ["本季度完成选型", "下季度签约", "年底前上线", "两个月内决策", "明年一季度预算落地"];
    public static readonly string[] Sources = ["website", "webinar", "whitepaper", "referral", "event", "outbound"];
    public static readonly string[] LostReasons = ["price", "competitor", "no_budget", "no_decision", "timing", "other"];
}
